// Uploading data that is not a file yet (issue 16): on Node a stream is spooled to a temp file, checked, uploaded
// and removed, in constant memory.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { TogetherError } from '../src/index.js';
import { API_KEY, jsonl, sha256, useServer } from './helpers.js';

const { server, client } = useServer();

function spooled(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('together-files-upload-'));
}

describe('upload from a stream', () => {
  test('a web ReadableStream, a Node Readable and an AsyncIterable each upload byte-exact, leaving no temp file', async () => {
    const before = spooled();
    const inputs = [
      ['web.jsonl', (bytes: Uint8Array) => new Blob([bytes as BlobPart]).stream()],
      ['node.jsonl', (bytes: Uint8Array) => Readable.from([bytes.subarray(0, 100), bytes.subarray(100)])],
      [
        'iterable.jsonl',
        (bytes: Uint8Array) =>
          (async function* () {
            for (let start = 0; start < bytes.byteLength; start += 1000)
              yield bytes.subarray(start, start + 1000);
          })(),
      ],
    ] as const;
    for (const [index, [filename, make]] of inputs.entries()) {
      const bytes = jsonl(20_000 * (index + 1));
      const progress: number[] = [];
      const file = await client().files.upload({
        file: make(bytes),
        filename,
        onProgress: ({ loaded }) => progress.push(loaded),
      });
      expect(file).toMatchObject({ filename, bytes: bytes.byteLength });
      expect(progress.at(-1)).toBe(bytes.byteLength);
      expect(sha256(await client().files.retrieveContent(file.id))).toBe(sha256(bytes));
    }
    expect(spooled()).toEqual(before);
  });

  test('a stream is checked like a file: a broken one is refused before any request, and its spool removed', async () => {
    const before = spooled();
    const error = await client()
      .files.upload({
        file: Readable.from([Buffer.from('{"text":"ok"}\nnot json\n')]),
        filename: 'bad.jsonl',
      })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('FileCheckError');
    expect(server().requests).toEqual([]);
    expect(spooled()).toEqual(before);
  });

  test('the check reads the stream as it is written: a bad line stops it there, with no request', async () => {
    const before = spooled();
    let pulled = 0;
    // Valid lines, one bad line, then valid lines without end: spooled whole first, this would never be refused.
    const endless = (async function* () {
      for (;;) {
        pulled += 1;
        yield Buffer.from(pulled === 3 ? '{"text": "a"}\n[1, 2]\n' : '{"text": "a"}\n'.repeat(1000));
      }
    })();
    const error = await client()
      .files.upload({ file: endless, filename: 'endless.jsonl' })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('FileCheckError');
    expect((error as { report: { line_number: number } }).report.line_number).toBe(2002);
    expect(pulled).toBeLessThan(10);
    expect(server().requests).toEqual([]);
    expect(spooled()).toEqual(before);
  });

  test('the report of a stream checked as it was written is that of the same bytes as a file', async () => {
    const bytes = jsonl(50_000);
    const reports: Array<{ num_samples: number | null; file_size: number | null }> = [];
    const file = await client().files.upload({
      file: Readable.from([bytes.subarray(0, 777), bytes.subarray(777)]),
      filename: 'reported.jsonl',
      onCheckReport: (report) => reports.push(report),
    });
    const asFile = await client().files.check(bytes, { filename: 'reported.jsonl' });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toEqual(asFile);
    expect(sha256(await client().files.retrieveContent(file.id))).toBe(sha256(bytes));
  });

  test('a stream needs a filename, and must yield bytes', async () => {
    await expect(client().files.upload({ file: Readable.from([Buffer.from('{}\n')]) })).rejects.toThrow(
      /A stream needs a name: pass `filename`/,
    );
    await expect(
      client().files.upload({ file: Readable.from(['text, not bytes']), filename: 'x.jsonl' }),
    ).rejects.toThrow(/must yield Uint8Array chunks/);
    await expect(
      client().files.upload({ file: Readable.from([]), filename: 'x.jsonl' }),
    ).rejects.toBeInstanceOf(TogetherError);
  });

  test('a 256 MiB generated stream uploads in bounded memory (a child process measures its own peak RSS)', async () => {
    const script = fileURLToPath(new URL('./fixtures/stream-memory.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: { ...process.env, TOGETHER_API_KEY: API_KEY, TOGETHER_BASE_URL: server().baseURL, MIB: '256' },
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout) as { bytes: number; uploaded: number; peakRssGrowthMiB: number };
    expect(result.uploaded).toBe(result.bytes);
    // Buffering the stream whole would grow the process by 256 MiB or more; spooling keeps it to buffers.
    expect(result.peakRssGrowthMiB).toBeLessThan(128);
  }, 240_000);
});

describe("openai-node's habits", () => {
  test('files.create is upload, fs.createReadStream names its file, and for await walks files.list()', async () => {
    const { writeFileSync, createReadStream } = await import('node:fs');
    const { join } = await import('node:path');
    const { mkdtempSync } = await import('node:fs');
    const folder = mkdtempSync(join(tmpdir(), 'openai-habits-'));
    const bytes = jsonl(33_000);
    writeFileSync(join(folder, 'habit.jsonl'), bytes);
    const created = await client().files.create({
      file: createReadStream(join(folder, 'habit.jsonl')),
      purpose: 'fine-tune',
    });
    expect(created).toMatchObject({ filename: 'habit.jsonl', bytes: bytes.byteLength });
    const ids: string[] = [];
    for await (const file of client().files.list()) ids.push(file.id);
    expect(ids).toContain(created.id);
    expect(ids).toEqual((await client().files.list()).data.map((file) => file.id));
  });
});
