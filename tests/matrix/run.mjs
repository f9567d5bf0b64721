#!/usr/bin/env node
/**
 * `pnpm test:matrix`: the packed tarballs, installed into a scratch project the way users get them, exercised on
 * Node 20, 22 and 24 from ESM and CJS (server command, promise and sync clients: upload, list, retrieve, download,
 * delete, typed errors) and type-checked from a consumer with `moduleResolution` NodeNext and Bundler. Then the
 * behaviour table (fixtures/behaviour-table.mjs) on every runtime: Node 20, 22, 24, Bun and Deno with the promise and
 * the sync client, workerd with and without nodejs_compat, Chromium and Firefox (runtime-rows.mjs). On Node, Bun and
 * Deno, the https rows too: a private CA trusted the runtime's way, an untrusted certificate, CONNECT through a proxy
 * (https-rows.mjs).
 * Prints the matrix; exits 1 on any failure. MATRIX_NODES=20,22 narrows the Node versions; MATRIX_ONLY=node,bun,deno,
 * workerd,browsers,types narrows the rows; MATRIX_KEEP=1 keeps the folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { renderTable } from '../../bench/lib/table.mjs';
import { runHttpsRows, startHttpsTarget } from './https-rows.mjs';
import {
  browserVersions,
  judgeRow,
  ROW_TOOLS,
  runBrowserRows,
  runFileSystemRow,
  runProxyRow,
  runWorkerRows,
  toolVersion,
} from './runtime-rows.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const pnpm = join(root, 'node_modules', '.bin', 'pnpm');
const nodeVersions = (process.env.MATRIX_NODES ?? '20,22,24').split(',').map((text) => text.trim());
const only = process.env.MATRIX_ONLY?.split(',').map((text) => text.trim());
const wanted = (group) => !only || only.includes(group);
const started = Date.now();
const log = (message) => process.stderr.write(`${message}\n`);

/** Runs a command; returns `{ ok, stdout, output }` (output: stdout and stderr, for the failure report). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 240_000, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, stdout: result.stdout ?? '', output };
}

function publishablePackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => {
      try {
        return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
      } catch {
        return false;
      }
    });
}

/** The node binary for a major version: this process for its own, else the `node` package through npx. */
function nodeBinary(major) {
  if (process.versions.node.split('.')[0] === major) return process.execPath;
  const found = run('npx', ['--yes', '-p', `node@${major}`, 'node', '-p', 'process.execPath']);
  if (!found.ok) throw new Error(`could not get Node ${major} through npx:\n${found.output}`);
  // npm may warn on stderr (pnpm passes its own config through the environment); the path is stdout's last line.
  return found.stdout.trim().split('\n').pop();
}

const MATRIX_KEY = 'matrix-key';

/** The packed server's command on this Node, on a free port, with `args` added; `{ url, stop }`. */
async function startServer(consumer, args = []) {
  const bin = join(consumer, 'node_modules', '@together-files', 'server', 'dist', 'bin.js');
  const child = spawn(process.execPath, [bin, '--json', '--port', '0', '--api-key', MATRIX_KEY, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  child.removeAllListeners('exit');
  return { url: JSON.parse(line).url, stop: () => child.kill('SIGTERM') };
}

/** Records the behaviour table of one runtime: a cell per client the runtime's kind must cover. */
async function tableRow(column, kind, runReport) {
  let report;
  try {
    report = await runReport();
  } catch (error) {
    report = { error: String(error.stack ?? error) };
  }
  await recordTable(column, kind, report);
}

/**
 * Records a run of both clients behind a forward proxy: the promise client finds it in HTTP_PROXY, the sync client
 * gets it as its `proxy` option.
 */
async function proxyRow(column, command, args, env) {
  let outcome;
  try {
    outcome = await runProxyRow(command, args, { consumer, env });
  } catch (error) {
    outcome = { ok: false, output: String(error.stack ?? error) };
  }
  record('behind a proxy (HTTP_PROXY: promise client; proxy option: sync client)', column, outcome);
  log(`behind a proxy, ${column}: ${outcome.ok ? 'ok' : 'FAILED'} (${outcome.summary ?? ''})`);
}

/** Records the https rows of one runtime (https-rows.mjs): its CA settings, an untrusted certificate, proxies. */
async function httpsRows(column, kind, command, args) {
  let rows;
  try {
    if (httpsTargetError) throw httpsTargetError;
    rows = await runHttpsRows(kind, command, args, { consumer, target: httpsTarget, apiKey: MATRIX_KEY });
  } catch (error) {
    rows = [{ row: 'https', outcome: { ok: false, output: String(error.stack ?? error) } }];
  }
  for (const { row, outcome } of rows) {
    record(row, column, outcome);
    log(`${row}, ${column}: ${outcome.ok ? 'ok' : 'FAILED'} (${outcome.summary ?? ''})`);
  }
}

/** The same for a runner that reports several runtimes at once (workerd's two, the browsers). */
async function tableRows(kind, runReports, columns) {
  let reports;
  try {
    reports = await runReports();
  } catch (error) {
    reports = Object.fromEntries(columns.map((column) => [column, { error: String(error.stack ?? error) }]));
  }
  for (const column of columns) await recordTable(column, kind, reports[column]);
}

async function recordTable(column, kind, report) {
  const judged = await judgeRow(consumer, kind, report);
  for (const [client, outcome] of Object.entries(judged)) {
    const output = report?.error ? `${report.error}\n${outcome.output}` : outcome.output;
    record(`behaviour table, ${client} client`, column, { ...outcome, output });
    log(`behaviour table, ${client} client, ${column}: ${outcome.ok ? 'ok' : 'FAILED'} (${outcome.summary})`);
  }
}

const work = mkdtempSync(join(os.tmpdir(), 'together-files-matrix-'));
let consumer;
let httpsTarget;
let httpsTargetError;
const results = [];
let failed = false;
const record = (row, column, outcome) => {
  results.push({ row, column, ...outcome });
  if (!outcome.ok) {
    failed = true;
    log(`FAILED ${row} / ${column}:\n${outcome.output.slice(-3000)}`);
  }
};

try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const dependencies = {};
  for (const dir of publishablePackages()) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const before = new Set(readdirSync(tarballs));
    const packed = run(pnpm, ['pack', '--pack-destination', tarballs], { cwd: dir });
    const tarball = readdirSync(tarballs).find((file) => !before.has(file));
    if (!packed.ok || !tarball) throw new Error(`pnpm pack of ${name} failed:\n${packed.output}`);
    dependencies[name] = `file:${join(tarballs, tarball)}`;
    log(`packed ${name} → ${tarball}`);
  }

  consumer = join(work, 'consumer');
  cpSync(fixtures, consumer, { recursive: true });
  const typescript = JSON.parse(
    readFileSync(join(root, 'node_modules', 'typescript', 'package.json'), 'utf8'),
  );
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify(
      {
        name: 'together-files-matrix-consumer',
        private: true,
        type: 'module',
        dependencies,
        // npm resolves the packages' own references to each other (0.0.0) to these same tarballs.
        overrides: dependencies,
        devDependencies: { typescript: typescript.version, '@types/node': '^20.19.0', ...ROW_TOOLS },
      },
      null,
      2,
    ),
  );
  log('npm install of the tarballs');
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer });
  if (!installed.ok) throw new Error(`npm install failed:\n${installed.output}`);

  const server = await startServer(consumer);
  const serverEnv = { MATRIX_SERVER_URL: server.url, MATRIX_API_KEY: MATRIX_KEY };
  // Deno looks for a newer release as it starts (through HTTP_PROXY when set): no traffic beyond loopback.
  const denoEnv = { ...serverEnv, DENO_NO_UPDATE_CHECK: '1' };
  try {
    if (wanted('node') || wanted('bun') || wanted('deno')) {
      // A failure here (no openssl, say) fails each runtime's https row rather than the whole matrix.
      httpsTarget = await startHttpsTarget(consumer, (args) => startServer(consumer, args)).catch((error) => {
        httpsTargetError = error;
      });
    }
    for (const major of wanted('node') ? nodeVersions : []) {
      let binary;
      try {
        binary = nodeBinary(major);
      } catch (error) {
        for (const format of ['ESM (.mjs)', 'CJS (.cjs)'])
          record(format, `Node ${major}`, { ok: false, output: error.message });
        continue;
      }
      const version = run(binary, ['--version']).stdout.trim();
      for (const [format, file] of [
        ['ESM (.mjs)', 'smoke.mjs'],
        ['CJS (.cjs)', 'smoke.cjs'],
      ]) {
        const outcome = run(binary, [file], { cwd: consumer, timeout: 120_000 });
        record(format, `Node ${major}`, { ...outcome, version });
        log(`${format} on ${version}: ${outcome.ok ? 'ok' : 'FAILED'}`);
      }
      await tableRow(`Node ${major}`, 'fs', () =>
        runFileSystemRow(binary, ['row.mjs'], { consumer, env: serverEnv }),
      );
      await proxyRow(`Node ${major}`, binary, ['proxy-row.mjs'], serverEnv);
      await httpsRows(`Node ${major}`, 'node', binary, ['https-row.mjs']);
    }
    if (wanted('bun')) {
      const bun = join(consumer, 'node_modules', '.bin', 'bun');
      const column = `Bun ${toolVersion(consumer, 'bun')}`;
      await tableRow(column, 'fs', () => runFileSystemRow(bun, ['row.mjs'], { consumer, env: serverEnv }));
      await proxyRow(column, bun, ['proxy-row.mjs'], serverEnv);
      await httpsRows(column, 'bun', bun, ['https-row.mjs']);
    }
    if (wanted('deno')) {
      const deno = join(consumer, 'node_modules', '.bin', 'deno');
      const column = `Deno ${toolVersion(consumer, 'deno').split(' ')[1]}`;
      await tableRow(column, 'fs', () =>
        runFileSystemRow(deno, ['run', '-A', 'row.mjs'], { consumer, env: denoEnv }),
      );
      await proxyRow(column, deno, ['run', '-A', 'proxy-row.mjs'], denoEnv);
      await httpsRows(column, 'deno', deno, ['run', '-A', 'https-row.mjs']);
    }
    const target = { serverURL: server.url, apiKey: MATRIX_KEY };
    if (wanted('workerd')) {
      await tableRows('worker', () => runWorkerRows(consumer, target), ['workerd', 'workerd, nodejs_compat']);
    }
    if (wanted('browsers')) {
      await tableRows('browser', () => runBrowserRows(consumer, target), ['Chromium', 'Firefox']);
      log(`browsers: ${browserVersions().join(', ')}`);
    }
  } finally {
    server.stop();
    await httpsTarget?.stop();
  }

  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [label, config] of !wanted('types')
    ? []
    : [
        ['types, NodeNext', 'tsconfig.nodenext.json'],
        ['types, Bundler', 'tsconfig.bundler.json'],
      ]) {
    const outcome = run(process.execPath, [tsc, '-p', config], { cwd: consumer });
    record(label, `TypeScript ${typescript.version}`, outcome);
    log(`${label}: ${outcome.ok ? 'ok' : 'FAILED'}`);
  }
} catch (error) {
  failed = true;
  log(String(error.stack ?? error));
} finally {
  if (process.env.MATRIX_KEEP === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const rows = [...new Set(results.map((result) => result.row))];
const columns = [...new Set(results.map((result) => result.column))];
const cell = (row, column) => {
  const result = results.find((entry) => entry.row === row && entry.column === column);
  if (!result) return '';
  const suffix = result.summary ? ` ${result.summary}` : '';
  return result.ok ? `ok${suffix}` : `FAILED${suffix}`;
};
console.log(`\nruntime matrix (${Math.round((Date.now() - started) / 1000)} s)`);
console.log(
  renderTable(
    ['', ...columns],
    rows.map((row) => [row, ...columns.map((column) => cell(row, column))]),
  ),
);
const versions = [...new Set(results.map((result) => result.version).filter(Boolean))];
if (versions.length > 0) console.log(`  runtimes: ${versions.join(', ')}`);
console.log(failed ? '\nmatrix FAILED' : '\nmatrix ok');
process.exit(failed ? 1 : 0);
