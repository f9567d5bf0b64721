#!/usr/bin/env node
// A CI step: the README's first command works on a fresh clone with nothing but Node and npm —
// `git clone <repo> $tmp && cd $tmp && npm run demo` (install, build, demo). Slow (a full install and build), so it
// is its own step rather than a test. The README's second command, `npm test`, is what CI itself runs on a clean
// clone (.ci/run); running it from here would run this step again inside itself.
//
// Usage: node scripts/fresh-clone.mjs [repository]   (default: this repository; its committed HEAD is cloned)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? root;
const scratch = mkdtempSync(join(tmpdir(), 'together-files-fresh-clone-'));
const clone = join(scratch, 'repo');

function run(command, args, cwd) {
  console.log(`\n$ ${[command, ...args].join(' ')}   (in ${cwd})`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = (Date.now() - started) / 1000;
  if (result.error) throw result.error;
  return { status: result.status ?? 1, seconds };
}

let status = 1;
try {
  const cloned = run('git', ['clone', '--quiet', source, clone], scratch);
  if (cloned.status !== 0) throw new Error(`git clone failed (exit ${cloned.status})`);
  const demo = run('npm', ['run', 'demo'], clone);
  status = demo.status;
  const verdict = status === 0 ? 'passed' : `failed (exit ${status})`;
  console.log(
    `\nfresh clone: npm run demo ${verdict} in ${demo.seconds.toFixed(1)} s (install, build and demo)`,
  );
} catch (error) {
  console.error(`fresh clone: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
