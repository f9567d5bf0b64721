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
