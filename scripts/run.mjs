#!/usr/bin/env node
// The entry of the README's two commands (`npm run demo`, `npm test`). A fresh clone has only Node and npm, so this
// installs the workspace with the pnpm pinned in package.json (fetched by npx), then runs a root script with it.
// The install's own output shows only when it fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const script = process.argv[2];
if (!script) {
  console.error('usage: node scripts/run.mjs <root script> [args...]');
  process.exit(2);
}

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

// The install prints only when it fails (then all of it), so `npm test` stays one line per step.
const installStarted = Date.now();
const install = spawnSync(
  'npx',
  ['--yes', packageManager, 'install', '--frozen-lockfile', '--reporter=append-only'],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' },
);
if (install.error) throw install.error;
const installStatus = install.status ?? 1;
if (installStatus !== 0) {
  process.stdout.write(install.stdout ?? '');
  process.stderr.write(install.stderr ?? '');
  console.error(`install failed (exit ${installStatus})`);
  process.exit(installStatus);
}
console.log(`ok     install (${((Date.now() - installStarted) / 1000).toFixed(1)} s)`);
// From here on the workspace's own pnpm (a devDependency, so turbo finds it on PATH) runs everything.
const pnpm = join(root, 'node_modules', '.bin', 'pnpm');
process.exit(run(pnpm, ['run', '--silent', script, ...process.argv.slice(3)]));
