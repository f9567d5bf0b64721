import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { PARALLEL_MIN_BYTES } from './parallel-jsonl.js';
import { chat, type FixtureDir, fixtureDir } from './test-fixtures.js';

// The parallel check runs only from the built package (a worker thread cannot load TypeScript on Node 20), so this
// test runs `dist` as users do, ESM and CJS, in child processes; `pnpm --filter @together-files/check build` first.
const distDir = new URL('../dist/', import.meta.url);
const built =
  existsSync(new URL('check-worker.js', distDir)) && existsSync(new URL('check-worker.cjs', distDir));

// Counts the worker threads started, by wrapping node:worker_threads' Worker before the package loads.
const childScript = `
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const threads = require('node:worker_threads');
const workers = [];
threads.Worker = class extends threads.Worker {
  constructor(url, options) { super(url, options); workers.push(String(url)); }
};
syncBuiltinESMExports();
const [entry, file] = process.argv.slice(2);
const check = entry.endsWith('.cjs') ? require(entry) : await import(pathToFileURL(entry).href);
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
const report = await check.checkFile(file, { onBytes: (chunk) => hash.update(chunk) });
process.stdout.write(JSON.stringify({ report, workers, sha256: hash.digest('hex') }));
`;

let dir: FixtureDir;
let script: string;
beforeAll(async () => {
  dir = await fixtureDir();
  script = await dir.write('check-child.mjs', childScript);
});
afterAll(() => dir?.remove());

/** A conversation file just over the parallel threshold, with `tail` as its last lines. */
function bigFile(tail: string | Uint8Array): Uint8Array {
  if (head === undefined) {
    const lines: string[] = [];
    let bytes = 0;
    for (let index = 0; bytes < PARALLEL_MIN_BYTES + 1024; index++) {
      const line = `${JSON.stringify(chat(`question ${index} é 日本`, `answer 🎉 ${'x'.repeat(index % 500)}`))}\n`;
      lines.push(line);
      bytes += Buffer.byteLength(line);
    }
    head = Buffer.from(lines.join(''));
  }
  return Buffer.concat([head, Buffer.from(tail)]);
}
let head: Buffer | undefined;

async function checkInChild(entry: string, file: string) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [script, fileURLToPath(new URL(entry, distDir)), file],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as { report: unknown; workers: string[]; sha256: string };
}

describe.skipIf(!built)('the built package checks large files in worker threads', () => {
  test.each([
    ['passes', `${JSON.stringify(chat())}\n`],
    ['warns on its last line', '{"messages": [{"role": "user", "content": "日本"}]}\n'],
    ['fails on its last line', '{"messages": [{"role": "user", "content": "日本"}]\n'],
    ['is not valid UTF-8 near its end', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a])],
  ])('a file that %s: the same report as on one thread, from ESM and CJS', async (_, tail) => {
    const bytes = bigFile(tail);
    const file = await dir.write('big.jsonl', bytes);
    const expected = await checkFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    for (const [entry, worker] of [
      ['index.js', 'check-worker.js'],
      ['index.cjs', 'check-worker.cjs'],
    ] as const) {
      const { report, workers, sha256: fed } = await checkInChild(entry, file);
      expect(report).toEqual(expected);
      // One read feeds the check and the caller's hash: the threads got the bytes, the hash got them all, in order.
      if (expected.is_check_passed) expect(fed).toBe(sha256);
      expect(workers.length).toBeGreaterThanOrEqual(2);
      expect(workers.every((url) => url === new URL(worker, distDir).href)).toBe(true);
    }
  });
});
