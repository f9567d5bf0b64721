#!/usr/bin/env node
/**
 * `pnpm bench`: every figure of issue 7 measured beside its peer, on loopback against the local server (in its own
 * process), each client in its own process. Prints the tables and the targets, writes bench/results.json.
 * Flags: `--quick` (small sizes), `--only upload,download,multipart,resume,latency,check,import,server-memory`; sizes via BENCH_* env.
 */
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { checkCase } from './cases/check.mjs';
import { importAndBundleCase } from './cases/import-and-bundle.mjs';
import { latencyCase } from './cases/latency.mjs';
import { multipartCase } from './cases/multipart.mjs';
import { resumeCase } from './cases/resume.mjs';
import { serverMemoryCase } from './cases/server-memory.mjs';
import { downloadCase, uploadCase } from './cases/transfer.mjs';
import { writeJsonlFile } from './lib/data-files.mjs';
import { formatSize, readOptions } from './lib/options.mjs';
import { readPeakRss } from './lib/peak-rss.mjs';
import { rawRequest, rawUpload } from './lib/raw-http.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { formatBytes } from './lib/stats.mjs';
import { renderTable } from './lib/table.mjs';
import { judgeTargets } from './lib/targets.mjs';

const cases = {
  upload: uploadCase,
  download: downloadCase,
  multipart: multipartCase,
  resume: resumeCase,
  latency: latencyCase,
  check: checkCase,
  import: importAndBundleCase,
  'server-memory': serverMemoryCase,
};

const settings = readOptions();

/**
 * Data files, the server's store and downloads go to a RAM disk when there is one with room (BENCH_TMPDIR
 * overrides): the server fsyncs every blob, and on a disk the figures would measure the disk, not the clients.
 */
async function scratchRoot() {
  if (process.env.BENCH_TMPDIR) return process.env.BENCH_TMPDIR;
  const needed =
    settings.multipartBytes + settings.transferBytes * 3 + settings.checkBytes + settings.resumeBytes;
  try {
    const { bavail, bsize } = await statfs('/dev/shm');
    if (bavail * bsize > needed * 1.5) return '/dev/shm';
  } catch {}
  return os.tmpdir();
}
const log = (message) => process.stderr.write(`${message}\n`);
const workDir = await mkdtemp(join(await scratchRoot(), 'together-files-bench-'));
let server;
const cleanUp = async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
};
process.once('SIGINT', () => cleanUp().finally(() => process.exit(130)));

try {
  server = await startServerProcess({ dataDir: join(workDir, 'server') });
  const dataFiles = new Map();
  const context = {
    settings,
    server,
    workDir,
    log,
    /** A JSONL dataset of `bytes`, written once per size and kept for the run. */
    async dataFile(bytes) {
      if (!dataFiles.has(bytes)) {
        const path = join(workDir, `dataset-${bytes}.jsonl`);
        log(`writing ${formatSize(bytes)} dataset`);
        dataFiles.set(
          bytes,
          writeJsonlFile(path, bytes).then(() => path),
        );
      }
      return dataFiles.get(bytes);
    },
    async deleteFile(fileId) {
      const response = await rawRequest(`${server.baseURL}/files/${encodeURIComponent(fileId)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${server.apiKey}` },
      });
      if (response.status !== 200) throw new Error(`DELETE ${fileId}: ${response.status} ${response.text}`);
    },
    async uploadSmallFile(filename) {
      const path = join(workDir, filename);
      await writeJsonlFile(path, 16 * 1024);
      return rawUpload({ baseURL: server.baseURL, apiKey: server.apiKey, file: path, filename });
    },
  };

  const groups = {};
  const started = Date.now();
  for (const name of settings.cases) {
    log(`\n${name}`);
    try {
      groups[name] = await cases[name](context);
    } catch (error) {
      log(`  ${name} failed: ${error.stack ?? error}`);
      groups[name] = { id: name, title: name, error: String(error.message ?? error) };
    }
  }
  const serverPeakRss = readPeakRss(server.pid);
  const targets = judgeTargets(groups);
  const seconds = Math.round((Date.now() - started) / 1000);

  const date = new Date().toISOString();
  console.log(
    `\ntogether-files bench, ${date.slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores`,
  );
  console.log(
    `loopback, server in its own process (its peak RSS: ${formatBytes(serverPeakRss)}), files in ${workDir}, ` +
      `load average ${os.loadavg()[0].toFixed(1)} at the end, ${seconds} s\n`,
  );
  for (const group of Object.values(groups)) {
    console.log(group.title);
    console.log(group.error ? `  FAILED: ${group.error}` : renderTable(group.header, group.lines));
    console.log('');
  }
  console.log('Targets');
  console.log(
    renderTable(
      ['target', 'goal', 'figure', 'result'],
      targets.map((target) => [
        target.name,
        target.goal,
        target.figure,
        target.met ? 'met' : `MISSED${target.note ? ` (${target.note})` : ''}`,
      ]),
    ),
  );
  const results = {
    date,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    settings,
    durationSeconds: seconds,
    serverPeakRssBytes: serverPeakRss,
    scratchDir: workDir,
    loadAverage: os.loadavg(),
    groups,
    targets,
  };
  await writeFile(settings.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${settings.resultsFile}`);
} finally {
  await cleanUp();
}
