import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkJsonl, type JsonlResult } from './check-jsonl.js';
import { checkJsonlParallel, type ParallelJsonlOptions } from './parallel-jsonl.js';
import { chat, type FixtureDir, fixtureDir } from './test-fixtures.js';

// The worker runs as built JavaScript, so the test builds today's sources with the package's own bundler.
let dir: FixtureDir;
let workerUrl: URL;
beforeAll(async () => {
  dir = await fixtureDir();
  const { build } = await import('tsup');
  await build({
    config: false,
    entry: { 'check-worker': fileURLToPath(new URL('./check-worker.ts', import.meta.url)) },
    format: ['esm'],
    outDir: dir.path,
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node20',
    silent: true,
  });
  workerUrl = pathToFileURL(join(dir.path, 'check-worker.mjs'));
}, 60_000);
afterAll(() => dir.remove());

const encoder = new TextEncoder();
const concat = (...parts: (string | Uint8Array)[]) => {
  const arrays = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const joined = new Uint8Array(arrays.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of arrays) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
};

/** Short reads of at most `maxRead` bytes, so reads end inside lines and inside multi-byte characters. */
function reader(bytes: Uint8Array, maxRead: number): ParallelJsonlOptions['read'] {
  return async (target, position) => {
    const count = Math.max(0, Math.min(target.byteLength, maxRead, bytes.byteLength - position));
    target.set(bytes.subarray(position, position + count));
    return count;
  };
}

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let position = 0; position < bytes.byteLength; position += size)
    yield bytes.subarray(position, position + size);
}

/** A result as plain data: the warnings as the report lists them, with their count. */
function plain(result: JsonlResult | undefined) {
  if (result === undefined) return undefined;
  const { warnings, ...rest } = result;
  return {
    ...rest,
    warnings: warnings.toWarnings(),
    warningCount: warnings.total,
    rules: [...warnings.rules].sort(),
  };
}

/** The one-thread result and the parallel one, for the same bytes. */
async function bothResults(bytes: Uint8Array, chunkBytes: number, fineTune = true, maxWarnings?: number) {
  const limit = maxWarnings === undefined ? {} : { maxWarnings };
  const single = plain(await checkJsonl(chunksOf(bytes, 1000), { fineTune, ...limit }))!;
  const parallel = plain(
    await checkJsonlParallel({
      ...limit,
      fineTune,
      size: bytes.byteLength,
      read: reader(bytes, 777),
      workerUrl,
      threads: 2,
      chunkBytes,
    }),
  );
  return { single, parallel };
}

// Lines of ~90-130 bytes with 2-, 3- and 4-byte characters, so chunk cuts land everywhere.
const line = (index: number) =>
  `${JSON.stringify(chat(`question ${index} é 日本 ${'x'.repeat(index % 37)}`, `answer 🎉 ${index}`))}\n`;
const goodLines = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => line(from + index)).join('');

// Each bad line goes in at line 40 of 80; chunk sizes move the chunk boundaries around it.
const badLines: [string, string | Uint8Array][] = [
  ['invalid JSON', '{"messages": [\n'],
  ['invalid JSON quoting multi-byte text', '{"text": "日本語 é 🎉" oops}\n'],
  ['a blank line', '\n'],
  ['a BOM', `\ufeff${JSON.stringify(chat())}\n`],
  ['an array', '[1, 2]\n'],
  ['a bad byte', concat('{"text": "a', new Uint8Array([0xff]), 'b"}\n')],
  ['a truncated character', concat('{"text": "', new Uint8Array([0xe6, 0x97]), '"}\n')],
];
const chunkSizes = [150, 512, 1000, 1777, 4096];

describe('checkJsonlParallel gives the one-thread result', () => {
  test.each(chunkSizes)('a good file, chunks of %i bytes', async (chunkBytes) => {
    const { single, parallel } = await bothResults(encoder.encode(goodLines(200)), chunkBytes);
    expect(single).toEqual({
      numSamples: 200,
      datasetFormat: 'conversation',
      warnings: [],
      warningCount: 0,
      rules: [],
    });
    expect(parallel).toEqual(single);
  });

  test.each(badLines)('%s on line 40, at every chunk size', async (_, bad) => {
    const bytes = concat(goodLines(39), bad, goodLines(40, 40));
    for (const chunkBytes of chunkSizes) {
      const { single, parallel } = await bothResults(bytes, chunkBytes);
      expect(single.problem?.line).toBe(40);
      expect(parallel).toEqual(single);
    }
  });

  test('a bad line at the start and at the end of every chunk', async () => {
    // With chunks of 1000 bytes and these lines, some bad line is the first or last of its chunk.
    for (const at of [1, 2, 8, 9, 10, 17, 18, 60]) {
      const bytes = concat(goodLines(at - 1), '[]\n', goodLines(80 - at, at));
      const { single, parallel } = await bothResults(bytes, 1000);
      expect(single.problem?.line).toBe(at);
      expect(parallel).toEqual(single);
    }
  });

  test.each([
    ['another format', `${JSON.stringify({ text: 'general' })}\n`, 'format_mismatch'],
    ['a bad role', `${JSON.stringify({ messages: [{ role: 'robot', content: 'x' }] })}\n`, 'role'],
  ])('%s on line 40 is a warning on that line, at every chunk size', async (_, bad, rule) => {
    const bytes = concat(goodLines(39), bad, goodLines(40, 40));
    for (const chunkBytes of chunkSizes) {
      const { single, parallel } = await bothResults(bytes, chunkBytes);
      expect(single.problem).toBeUndefined();
      expect(single.warnings).toMatchObject([{ line: 40, rule }]);
      expect(parallel).toEqual(single);
    }
  });

  test('warnings before the first failure are kept; the failure ends the check', async () => {
    const bytes = concat(goodLines(30), '{"text": 1}\n', goodLines(30, 31), '{bad\n', goodLines(5, 62));
    const { single, parallel } = await bothResults(bytes, 300);
    expect(single.problem).toMatchObject({ line: 62, check: 'load_json' });
    expect(single.warnings).toMatchObject([{ line: 31, rule: 'content' }]);
    expect(parallel).toEqual(single);
  });

  test('a later chunk in another format: every line of it warns, numbered in the file', async () => {
    const general = (index: number) => `${JSON.stringify({ text: `sample ${index}` })}\n`;
    const bytes = concat(goodLines(20), ...Array.from({ length: 40 }, (_, index) => general(index)));
    // The first chunk ends right after line 20, so the next starts at line 21, fine on its own.
    const { single, parallel } = await bothResults(bytes, encoder.encode(goodLines(20)).byteLength);
    expect(single.warningCount).toBe(40);
    expect(single.warnings[0]).toMatchObject({ line: 21, rule: 'format_mismatch' });
    expect(parallel).toEqual(single);
  });

  test('warnings across chunks: capped in file order, all counted', async () => {
    const bad = (index: number) =>
      `${JSON.stringify({ messages: [{ role: 'robot', content: `${index}` }] })}\n`;
    const bytes = concat(
      ...Array.from({ length: 60 }, (_, index) => (index % 3 === 0 ? bad(index) : line(index))),
    );
    const { single, parallel } = await bothResults(bytes, 400, true, 7);
    expect(single.warningCount).toBe(20);
    expect(single.warnings.map((warning) => warning.line)).toEqual([1, 4, 7, 10, 13, 16, 19]);
    expect(parallel).toEqual(single);
  });

  test('without the fine-tune rules, mixed formats pass', async () => {
    const bytes = concat(goodLines(20), '{"anything": true}\n', goodLines(20, 20));
    const { single, parallel } = await bothResults(bytes, 500, false);
    expect(single).toEqual({ numSamples: 41, warnings: [], warningCount: 0, rules: [] });
    expect(parallel).toEqual(single);
  });

  test('a line longer than the limit fails at its line, after the lines before it', async () => {
    const long = `{"text": "${'x'.repeat(5000)}"}\n`;
    const bytes = concat(goodLines(30), long, goodLines(5, 31));
    const single = await checkJsonl(chunksOf(bytes, 1000), { fineTune: true, maxLineBytes: 4096 });
    const parallel = await checkJsonlParallel({
      fineTune: true,
      size: bytes.byteLength,
      read: reader(bytes, 777),
      workerUrl,
      threads: 2,
      chunkBytes: 1024,
      maxLineBytes: 4096,
    });
    expect(single.problem).toMatchObject({ line: 31, check: 'line_length' });
    expect(plain(parallel)).toEqual(plain(single));
  });

  test.each([
    ['no final newline', goodLines(50).slice(0, -1)],
    ['CRLF line ends', goodLines(50).replaceAll('\n', '\r\n')],
    ['a blank last line', `${goodLines(50)}\n`],
    ['a bad last line without newline', `${goodLines(50)}{"text":`],
  ])('%s', async (_, text) => {
    const { single, parallel } = await bothResults(encoder.encode(text), 700);
    expect(parallel).toEqual(single);
  });

  test('lines longer than a chunk, carried over several chunks', async () => {
    const long = `${JSON.stringify(chat('日本'.repeat(3000), 'é'.repeat(5000)))}\n`;
    const bytes = concat(goodLines(5), long, goodLines(5, 5), long, long, '{"oops"\n', goodLines(3, 9));
    const { single, parallel } = await bothResults(bytes, 1024);
    expect(single.problem).toMatchObject({ line: 14, check: 'load_json' });
    expect(parallel).toEqual(single);
  });
});

describe('checkJsonlParallel without usable workers', () => {
  const bytes = encoder.encode(goodLines(20));
  const options = { fineTune: true, size: bytes.byteLength, read: reader(bytes, 1 << 20) };

  test('no worker entry (the TypeScript sources): undefined, so the caller checks on its thread', async () => {
    await expect(checkJsonlParallel(options)).resolves.toBeUndefined();
    const missing = pathToFileURL(join(dir.path, 'missing.mjs'));
    await expect(checkJsonlParallel({ ...options, workerUrl: missing })).resolves.toBeUndefined();
    // What the CJS build makes of a folder named "a%zz": not a file URL that decodes.
    const malformed = new URL('./check-worker.cjs', 'file:/tmp/a%zz/index.cjs');
    await expect(checkJsonlParallel({ ...options, workerUrl: malformed })).resolves.toBeUndefined();
  });

  test('a worker that fails: undefined', async () => {
    const broken = await dir.write('broken.mjs', 'throw new Error("broken worker");\n');
    const result = await checkJsonlParallel({
      ...options,
      workerUrl: pathToFileURL(broken),
      chunkBytes: 200,
    });
    expect(result).toBeUndefined();
  });

  test('an aborted signal throws its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const run = checkJsonlParallel({ ...options, workerUrl, signal: controller.signal });
    await expect(run).rejects.toThrow('stop');
  });

  test('a read error is thrown, not taken for a worker failure', async () => {
    const read = async () => {
      throw new Error('disk gone');
    };
    await expect(checkJsonlParallel({ ...options, read, workerUrl })).rejects.toThrow('disk gone');
  });
});
