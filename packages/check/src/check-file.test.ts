import { mkdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { MAX_FILE_SIZE } from './limits.js';
import { chat, type FixtureDir, fixtureDir, jsonl } from './test-fixtures.js';

let dir: FixtureDir;
beforeAll(async () => {
  dir = await fixtureDir();
});
afterAll(() => dir.remove());

const good = jsonl([chat(), chat('q', 'a')]);
const goodBytes = new TextEncoder().encode(good);

describe('what is being checked', () => {
  test('a missing path is not found, and the report says so', async () => {
    const path = join(dir.path, 'nope.jsonl');
    const report = await checkFile(path);
    expect(report).toMatchObject({
      is_check_passed: false,
      found: false,
      failed_check: 'found',
      file_size: null,
    });
    expect(report.message).toBe(`File not found: ${path}`);
  });

  test('a directory is not a regular file', async () => {
    const path = join(dir.path, 'folder.jsonl');
    await mkdir(path);
    const report = await checkFile(path);
    expect(report).toMatchObject({ found: false, failed_check: 'found' });
    expect(report.message).toBe(`Not a regular file: ${path}`);
  });

  test('an empty file fails with "File is empty"', async () => {
    const report = await checkFile(await dir.write('empty.jsonl', ''));
    expect(report).toMatchObject({
      found: true,
      file_size: 0,
      failed_check: 'file_size',
      message: 'File is empty',
    });
  });

  test('a file over 50.1 GiB is too large (a sparse file: no disk used)', async () => {
    const path = await dir.write('huge.jsonl', '');
    await truncate(path, MAX_FILE_SIZE + 1);
    const report = await checkFile(path);
    expect(report).toMatchObject({ failed_check: 'file_size', file_size: MAX_FILE_SIZE + 1 });
    expect(report.message).toBe('File is too large: 50.1 GiB; the maximum is 50.1 GiB');
  });

  test('a path reports its size and type', async () => {
    const report = await checkFile(await dir.write('good.jsonl', good));
    expect(report).toMatchObject({ is_check_passed: true, file_size: goodBytes.length, filetype: 'jsonl' });
  });

  test('a Blob without a name is JSONL; a File takes the type from its name', async () => {
    expect(await checkFile(new Blob([good]))).toMatchObject({ is_check_passed: true, num_samples: 2 });
    const file = new File(['a,b\n1,2\n'], 'eval.csv');
    expect(await checkFile(file, { purpose: 'eval' })).toMatchObject({
      is_check_passed: true,
      filetype: 'csv',
    });
    const text = new File([good], 'notes.txt');
    expect(await checkFile(text)).toMatchObject({ failed_check: 'filetype' });
  });

  test('bytes default to JSONL; filename and fileType decide otherwise', async () => {
    expect(await checkFile(goodBytes)).toMatchObject({
      is_check_passed: true,
      filetype: 'jsonl',
      found: true,
    });
    const csv = new TextEncoder().encode('a,b\n1,2\n');
    expect(await checkFile(csv, { purpose: 'eval', filename: 'x.csv' })).toMatchObject({ filetype: 'csv' });
    expect(await checkFile(csv, { purpose: 'eval', fileType: 'csv' })).toMatchObject({
      is_check_passed: true,
    });
    expect(await checkFile(goodBytes, { filename: 'data.json' })).toMatchObject({ failed_check: 'filetype' });
  });

  test('fileType overrides the name (the server checks blobs stored without one)', async () => {
    const path = await dir.write('blob-0001', good);
    expect(await checkFile(path)).toMatchObject({ failed_check: 'filetype' });
    expect(await checkFile(path, { fileType: 'jsonl' })).toMatchObject({
      is_check_passed: true,
      num_samples: 2,
    });
    const wrong = await checkFile(path, { fileType: 'txt' as never });
    expect(wrong).toMatchObject({ failed_check: 'filetype' });
    expect(wrong.message).toMatch(
      /^Unsupported file type "txt": the supported types are jsonl, parquet, csv/,
    );
  });
});

describe('file types and purposes', () => {
  test.each(['notes.txt', 'data.json', 'README', 'train.jsonl.gz'])(
    '%s is refused, naming the supported types',
    async (name) => {
      const report = await checkFile(await dir.write(name, good));
      expect(report).toMatchObject({ is_check_passed: false, failed_check: 'filetype', filetype: null });
      expect(report.message).toContain(`"${name}"`);
      expect(report.message).toContain('jsonl, parquet, csv');
    },
  );

  test('an unknown purpose names the allowed purposes', async () => {
    const report = await checkFile(goodBytes, { purpose: 'assistants' as never });
    expect(report).toMatchObject({ failed_check: 'purpose', filetype: 'jsonl' });
    expect(report.message).toBe(
      'Unknown purpose "assistants": the allowed purposes are fine-tune, eval, batch-api',
    );
  });

  test.each([
    ['a.csv', 'fine-tune', 'jsonl, parquet'],
    ['a.csv', 'batch-api', 'jsonl'],
    ['a.parquet', 'eval', 'jsonl, csv'],
    ['a.parquet', 'batch-api', 'jsonl'],
  ] as const)('%s for %s fails on the purpose, naming %s', async (name, purpose, allowed) => {
    const report = await checkFile(await dir.write(name, 'a,b\n1,2\n'), { purpose });
    expect(report).toMatchObject({ is_check_passed: false, failed_check: 'purpose' });
    expect(report.message).toContain(`purpose ${purpose}`);
    expect(report.message).toContain(`it takes ${allowed}`);
  });
});

describe('abort', () => {
  test('an aborted signal throws its reason instead of reporting', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(checkFile(goodBytes, { signal: controller.signal })).rejects.toThrow('stop');
  });

  test('aborting while reading stops between chunks', async () => {
    // 12 MiB of lines: several chunks, so the check is still reading when the abort lands.
    const line = `${JSON.stringify({ text: 'x'.repeat(1000) })}\n`;
    const path = await dir.write('long.jsonl', line.repeat(12_000));
    const controller = new AbortController();
    const pending = checkFile(path, { signal: controller.signal });
    queueMicrotask(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('one read: onBytes gets every byte, in order, for the caller to hash', () => {
  const sha256 = async (bytes: Uint8Array) =>
    (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
  async function fed(file: string | Uint8Array, options: Parameters<typeof checkFile>[1] = {}) {
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    let calls = 0;
    const report = await checkFile(file, {
      ...options,
      onBytes: (chunk) => {
        calls += 1;
        hash.update(chunk);
      },
    });
    return { report, digest: hash.digest('hex'), calls };
  }

  test('JSONL from a path of several chunks, CSV, and bytes', async () => {
    const big = new TextEncoder().encode(
      jsonl(Array.from({ length: 30_000 }, (_, index) => chat(`q${index}`))),
    );
    const path = await dir.write('hashed.jsonl', big);
    const jsonlRun = await fed(path);
    expect(jsonlRun.report.is_check_passed).toBe(true);
    expect(jsonlRun.calls).toBeGreaterThan(1);
    expect(jsonlRun.digest).toBe(await sha256(big));
    const csv = new TextEncoder().encode('q,a\n1,2\n');
    const csvRun = await fed(csv, { purpose: 'eval', fileType: 'csv' });
    expect(csvRun.digest).toBe(await sha256(csv));
    const bytesRun = await fed(goodBytes);
    expect(bytesRun.digest).toBe(await sha256(goodBytes));
  });

  test('Parquet, whose check reads only the footer: the rest is read for onBytes', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const bytes = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'input_ids', data: [1, 2, 3], type: 'INT32' }] }),
    );
    const path = await dir.write('hashed.parquet', bytes);
    const run = await fed(path);
    expect(run.report.is_check_passed).toBe(true);
    expect(run.digest).toBe(await sha256(bytes));
  });
});

describe('a line longer than the service takes (issue 13, item 17)', () => {
  test('fails at that line, read no further than the limit', async () => {
    // A sparse file: 161 MiB of zero bytes after one good line, so no newline for longer than MAX_LINE_BYTES.
    const { MAX_LINE_BYTES } = await import('./limits.js');
    const path = await dir.write('long-line.jsonl', `${JSON.stringify({ text: 'a' })}\n`);
    await truncate(path, MAX_LINE_BYTES + 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const report = await checkFile(path);
    expect(report).toMatchObject({ is_check_passed: false, failed_check: 'line_length', line_number: 2 });
    expect(report.message).toMatch(/^Line 2: the line is longer than 167772160 bytes \(160 MiB\)/);
    // The line was never held whole: what the check kept is at most about the limit, not the file.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_LINE_BYTES + 64 * 1024 * 1024);
  });
});
