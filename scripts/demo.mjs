#!/usr/bin/env node
// The README's first command (`npm run demo`, after install and build): the whole Files API job against a local
// server — generate a fine-tuning dataset, check it, upload, list, retrieve, wait, download and verify, with the
// promise client and then the sync client; a broken dataset refused with its line number; delete everything.
// It leaves nothing behind (temp folder removed, server stopped, even on failure) and exits non-zero on any failure.
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BAD_LINE_NUMBER, writeBrokenDataset, writeChatDataset } from './demo-dataset.mjs';
import { createProgress, createReporter, sha256Of, startServerProcess } from './demo-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(pathToFileURL(join(root, path)).href);
const { Together, FileCheckError } = await load('packages/client/dist/index.js');
const { TogetherSync } = await load('packages/sync/dist/index.js');
const cli = await load('packages/cli/dist/index.js');
const CLI_BIN = join(root, 'packages/cli/dist/bin.js');

const SAMPLES = 8000;
const API_KEY = 'demo-key';
const colors = cli.colorsFor(process.stdout, process.env);
const { print, indent, step, timings } = createReporter({ out: process.stdout, colors });
const progressFor = (label) => createProgress({ cli, label });

async function demo(workDir, server, state) {
  const client = new Together({ apiKey: API_KEY, baseURL: server.baseURL });
  const datasetPath = join(workDir, 'chat-dataset.jsonl');
  const throughput = [];

  let datasetBytes = 0;
  await step(`generate a fine-tuning dataset (${SAMPLES.toLocaleString('en-US')} chat samples)`, async () => {
    datasetBytes = await writeChatDataset(datasetPath, { samples: SAMPLES });
    return `${cli.formatBytes(datasetBytes)} in ${datasetPath}`;
  });
  const localSha256 = await sha256Of(datasetPath);

  await step('check it locally', async () => {
    const report = await client.files.check(datasetPath, { purpose: 'fine-tune' });
    print(indent(cli.renderCheckReport(report, { file: 'chat-dataset.jsonl', colors })));
    if (!report.is_check_passed) throw new Error(`the generated dataset failed the check: ${report.message}`);
    return `${report.num_samples.toLocaleString('en-US')} samples, ${report.dataset_format} format`;
  });

  // --- the promise client ---
  let promiseFile;
  const uploadSeconds = await step('upload it with the promise client (Together)', async () => {
    const progress = progressFor('upload');
    try {
      promiseFile = await client.files.upload({
        file: datasetPath,
        purpose: 'fine-tune',
        onProgress: (update) => progress.update(update),
      });
    } finally {
      progress.stop();
    }
    return `${promiseFile.id}`;
  });
  throughput.push({ what: 'upload (promise client)', bytes: datasetBytes, seconds: uploadSeconds });

  await step('list the files', async () => {
    const list = await client.files.list();
    print(indent(cli.renderFileTable(list.data, colors)));
    if (!list.data.some((file) => file.id === promiseFile.id))
      throw new Error('the upload is missing from the list');
    return `${list.data.length} file(s)`;
  });

  await step('retrieve its metadata', async () => {
    const file = await client.files.retrieve(promiseFile.id);
    print(indent(cli.renderFileDetails(file, colors)));
    if (file.bytes !== datasetBytes)
      throw new Error(`the service stored ${file.bytes} bytes, not ${datasetBytes}`);
    return `${cli.formatBytes(file.bytes)}, as sent`;
  });

  await step("wait for the service's processing", async () => {
    const file = await client.files.waitForProcessing(promiseFile.id, { intervalMs: 200 });
    const status = cli.describeStatus(file);
    if (status !== 'completed' && status !== 'uploaded') throw new Error(`processing ended in ${status}`);
    return `processing ${status}`;
  });

  const downloadPath = join(workDir, 'downloaded-promise.jsonl');
  const downloadSeconds = await step('download it and verify the sha256', async () => {
    const progress = progressFor('download');
    let saved;
    try {
      saved = await client.files.retrieveContent(promiseFile.id, {
        output: downloadPath,
        onProgress: (update) => progress.update(update),
      });
    } finally {
      progress.stop();
    }
    const onDisk = await sha256Of(downloadPath);
    if (saved.sha256 !== localSha256 || onDisk !== localSha256)
      throw new Error('the sha256 of the download differs');
    return `sha256 ${localSha256.slice(0, 16)}… matches`;
  });
  throughput.push({ what: 'download (promise client)', bytes: datasetBytes, seconds: downloadSeconds });

  // --- the sync client: the same job with blocking calls, on a second dataset (the service answers an upload
  // of bytes it already has with the file it has, sending nothing) ---
  const sync = new TogetherSync({ apiKey: API_KEY, baseURL: server.baseURL });
  state.closeSync = () => sync.close();
  const syncDatasetPath = join(workDir, 'chat-dataset-2.jsonl');
  const syncBytes = await writeChatDataset(syncDatasetPath, { samples: SAMPLES, seed: 7 });
  const syncSha256 = await sha256Of(syncDatasetPath);
  let syncFile;
  const syncUploadSeconds = await step(
    'upload a second dataset with the sync client (TogetherSync)',
    async () => {
      const progress = progressFor('upload');
      try {
        syncFile = sync.files.upload({
          file: syncDatasetPath,
          purpose: 'fine-tune',
          onProgress: (update) => progress.update(update),
        });
      } finally {
        progress.stop();
      }
      return `${syncFile.id} (${cli.formatBytes(syncBytes)})`;
    },
  );
  throughput.push({ what: 'upload (sync client)', bytes: syncBytes, seconds: syncUploadSeconds });

  await step('list, retrieve and wait, blocking', async () => {
    const list = sync.files.list();
    const file = sync.files.retrieve(syncFile.id);
    const processed = sync.files.waitForProcessing(syncFile.id, { intervalMs: 200 });
    if (!list.data.some((item) => item.id === syncFile.id)) throw new Error('the sync upload is missing');
    const status = cli.describeStatus(processed);
    return `${list.data.length} files listed; ${file.filename}: ${cli.formatBytes(file.bytes)}, ${status}`;
  });

  const syncDownloadPath = join(workDir, 'downloaded-sync.jsonl');
  const syncDownloadSeconds = await step(
    'download it with the sync client and verify the sha256',
    async () => {
      const progress = progressFor('download');
      let saved;
      try {
        saved = sync.files.retrieveContent(syncFile.id, {
          output: syncDownloadPath,
          onProgress: (update) => progress.update(update),
        });
      } finally {
        progress.stop();
      }
      const onDisk = await sha256Of(syncDownloadPath);
      if (saved.sha256 !== syncSha256 || onDisk !== syncSha256)
        throw new Error('the sha256 of the download differs');
      return `sha256 ${syncSha256.slice(0, 16)}… matches`;
    },
  );
  throughput.push({ what: 'download (sync client)', bytes: syncBytes, seconds: syncDownloadSeconds });

  // --- a broken dataset ---
  await step('upload a broken dataset: refused before any byte is sent', async () => {
    const brokenPath = join(workDir, 'broken-dataset.jsonl');
    await writeBrokenDataset(brokenPath);
    try {
      await client.files.upload({ file: brokenPath, purpose: 'fine-tune' });
    } catch (error) {
      if (!(error instanceof FileCheckError)) throw error;
      if (error.report.line_number !== BAD_LINE_NUMBER) {
        throw new Error(`the check named line ${error.report.line_number}, not ${BAD_LINE_NUMBER}`);
      }
      print(indent(colors.red(`${error.name}: ${error.report.message}`)));
      return `refused at line ${error.report.line_number}`;
    }
    throw new Error('the broken dataset was accepted');
  });

  await step('delete everything', async () => {
    const list = await client.files.list();
    for (const file of list.data) {
      const deleted = await client.files.delete(file.id);
      if (!deleted.deleted) throw new Error(`${file.id} was not deleted`);
    }
    const left = (await client.files.list()).data.length;
    if (left !== 0) throw new Error(`${left} file(s) are still listed`);
    return `${list.data.length} files deleted, none left`;
  });

  return throughput;
}

async function main() {
  const started = performance.now();
  print(colors.bold('together-files demo: a local Files API server, a fine-tuning dataset, both clients\n'));
  const workDir = await mkdtemp(join(tmpdir(), 'together-files-demo-'));
  const state = { closeSync: undefined };
  let server;
  process.on('exit', () => server?.kill());
  // Ctrl-C or SIGTERM: stop the server child and remove the temp folder before going.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, () => {
      print(`\n${colors.red(`✖ interrupted (${signal})`)}`);
      state.closeSync?.();
      server?.kill();
      rmSync(workDir, { recursive: true, force: true });
      process.exit(code);
    });
  }
  let failure;
  let throughput = [];
  try {
    await step('start the local server (together-files serve, temporary store)', async () => {
      server = await startServerProcess({ cliBin: CLI_BIN, apiKey: API_KEY });
      return server.baseURL;
    });
    throughput = await demo(workDir, server, state);
  } catch (error) {
    failure = error;
  } finally {
    state.closeSync?.();
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  const leftovers = [workDir, server?.dataDir].filter((path) => path && existsSync(path));
  if (failure) {
    print(
      `\n${colors.red('✖ demo failed:')} ${failure instanceof Error ? failure.message : String(failure)}`,
    );
    process.exitCode = 1;
    return;
  }
  if (leftovers.length > 0) {
    print(`\n${colors.red('✖ left behind:')} ${leftovers.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const totalSeconds = (performance.now() - started) / 1000;
  print(`\n${colors.bold('Summary')}`);
  for (const { what, bytes, seconds } of throughput) {
    print(
      `  ${what.padEnd(26)} ${cli.formatBytes(bytes).padStart(9)} in ${seconds.toFixed(2)} s  ${cli.formatRate(bytes, seconds)}`,
    );
  }
  print(
    `  ${timings.length} steps in ${totalSeconds.toFixed(1)} s; server stopped, temporary files removed.`,
  );
  print(colors.green('✔ demo passed'));
}

await main();
