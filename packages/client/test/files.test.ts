import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AsyncTogether, FileCheckError, NotFoundError, Together } from '../src/index.js';
import { jsonl, listDir, MiB, sha256, useServer, writeFile } from './helpers.js';

const { server, client, dir } = useServer();

describe('single-part upload and every method', () => {
  test('upload a path → list → retrieve → retrieveContent (text and output) → content → delete', async () => {
    const bytes = jsonl(256 * 1024);
    const path = writeFile(dir(), 'train.jsonl', bytes);
    const files = client().files;
    const progress: number[] = [];
    const file = await files.upload({ file: path, onProgress: ({ loaded }) => progress.push(loaded) });
    expect(file).toMatchObject({
      object: 'file',
      filename: 'train.jsonl',
      bytes: bytes.byteLength,
      purpose: 'fine-tune',
      FileType: 'jsonl',
    });
    expect(file._requestId).toMatch(/^req_/);
    expect(['uploaded', 'processed']).toContain(file.status);
    expect(Object.keys(file)).not.toContain('status');
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(bytes.byteLength);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(server().requests.map((request) => request.route)).toEqual([
      'createUpload',
      'storagePut',
      'preprocessFile',
    ]);

    const list = await files.list();
    expect(list.data.map((item) => item.id)).toContain(file.id);
    expect(list._requestId).toMatch(/^req_/);

    const retrieved = await files.retrieve(file.id);
    expect(retrieved.id).toBe(file.id);

    const text = await files.retrieveContent(file.id);
    expect(sha256(text)).toBe(sha256(bytes));

    const output = join(dir(), 'downloaded.jsonl');
    const downloaded = await files.retrieveContent(file.id, { output });
    expect(downloaded).toEqual({ path: output, bytes: bytes.byteLength, sha256: sha256(bytes) });
    expect(sha256(readFileSync(output))).toBe(sha256(bytes));

    const stream = await files.content(file.id);
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));

    const deleted = await files.delete(file.id);
    expect(deleted).toMatchObject({ id: file.id, deleted: true });
    await expect(files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('the POST /files form carries purpose, base name, type and the sha256 checksum', async () => {
    const bytes = jsonl(10_000);
    const file = await client().files.upload({
      file: bytes,
      filename: 'nested/dir/bytes.jsonl',
      purpose: 'batch-api',
    });
    expect(file).toMatchObject({ filename: 'bytes.jsonl', purpose: 'batch-api', bytes: bytes.byteLength });
    expect(sha256(await client().files.retrieveContent(file.id))).toBe(sha256(bytes));
  });

  test('a Blob (File) uploads under its own name; eval takes CSV', async () => {
    const csv = 'question,answer\n"a, b",c\n';
    const file = await client().files.upload({ file: new File([csv], 'eval.csv'), purpose: 'eval' });
    expect(file).toMatchObject({ filename: 'eval.csv', FileType: 'csv', purpose: 'eval' });
    expect(await client().files.retrieveContent(file.id)).toBe(csv);
  });

  test('a second upload of the same bytes returns the existing file (409 with file_id)', async () => {
    const bytes = jsonl(5_000);
    const first = await client().files.upload({ file: bytes, filename: 'dup.jsonl' });
    server().clearRequests();
    const progress: number[] = [];
    const second = await client().files.upload({
      file: bytes,
      filename: 'dup.jsonl',
      onProgress: ({ loaded }) => progress.push(loaded),
    });
    expect(second.id).toBe(first.id);
    expect(server().requests.map((request) => request.route)).toEqual(['createUpload', 'retrieveFile']);
    // Said in the result (and in its JSON), and the progress still ends at the size.
    expect(first.already_existed).toBeUndefined();
    expect(second.already_existed).toBe(true);
    expect(JSON.parse(JSON.stringify(second))).toMatchObject({ id: first.id, already_existed: true });
    expect(second).not.toHaveProperty('requested_purpose');
    expect(second).not.toHaveProperty('requested_filename');
    expect(progress).toEqual([0, bytes.byteLength]);
  });

  test('a duplicate under another purpose and name keeps the stored ones and says what was asked for', async () => {
    const bytes = jsonl(4_000);
    const first = await client().files.upload({ file: bytes, filename: 'kept.jsonl' });
    const second = await client().files.upload({
      file: bytes,
      filename: 'asked.jsonl',
      purpose: 'batch-api',
    });
    expect(second).toMatchObject({
      id: first.id,
      filename: 'kept.jsonl',
      purpose: 'fine-tune',
      already_existed: true,
      requested_purpose: 'batch-api',
      requested_filename: 'asked.jsonl',
    });
  });

  test('AsyncTogether is the same class', () => {
    expect(AsyncTogether).toBe(Together);
  });

  test('check reports without network; a failing check throws FileCheckError before any request', async () => {
    const bad = writeFile(dir(), 'bad.jsonl', '{"text":"ok"}\nnot json\n');
    const report = await client().files.check(bad);
    expect(report).toMatchObject({ is_check_passed: false, line_number: 2 });
    const error = await client()
      .files.upload({ file: bad })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileCheckError);
    expect((error as FileCheckError).report.line_number).toBe(2);
    expect(server().requests).toEqual([]);
  });

  test('waitForProcessing polls until the validation is final', async () => {
    const file = await client().files.upload({ file: jsonl(2_000), filename: 'wait.jsonl' });
    const done = await client().files.waitForProcessing(file.id, { intervalMs: 20, timeoutMs: 20_000 });
    expect(done.processing_status).toBe('COMPLETED');
    expect(done.status).toBe('processed');
  });

  test('an output download leaves only the final file in its folder', async () => {
    const file = await client().files.upload({ file: jsonl(3_000), filename: 'clean.jsonl' });
    const folder = writeFile(dir(), 'marker', '') && dir();
    const before = listDir(folder);
    await client().files.retrieveContent(file.id, { output: join(folder, 'clean-out.jsonl') });
    expect(listDir(folder)).toEqual([...before, 'clean-out.jsonl'].sort());
  });
});

describe('multipart upload (small threshold, 5 MiB parts)', () => {
  test('12 MiB in three parts, streamed from disk, byte-exact round trip', async () => {
    const bytes = jsonl(12 * MiB + 333);
    const path = writeFile(dir(), 'big.jsonl', bytes);
    const uploader = client({ upload: { multipartThreshold: 6 * MiB, partSize: 5 * MiB, concurrency: 2 } });
    const progress: { loaded: number; part?: number; parts?: number }[] = [];
    const file = await uploader.files.upload({ file: path, onProgress: (event) => progress.push(event) });
    expect(file).toMatchObject({ filename: 'big.jsonl', bytes: bytes.byteLength });
    const routes = server().requests.map((request) => request.route);
    expect(routes.filter((route) => route === 'storagePut')).toHaveLength(3);
    expect(routes[0]).toBe('initiateMultipartUpload');
    expect(routes.at(-1)).toBe('completeMultipartUpload');
    expect(routes).not.toContain('preprocessFile');
    expect(progress.at(-1)?.loaded).toBe(bytes.byteLength);
    expect(progress.some((event) => event.parts === 3)).toBe(true);
    const loaded = progress.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    const output = join(dir(), 'big-out.jsonl');
    const downloaded = await uploader.files.retrieveContent(file.id, { output });
    expect(downloaded.sha256).toBe(sha256(bytes));
  });

  test('the same bytes again: initiate carries the sha256, answers 409 { file_id }, and no part is sent', async () => {
    const bytes = jsonl(11 * MiB + 17);
    const path = writeFile(dir(), 'twice.jsonl', bytes);
    const uploader = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } });
    const first = await uploader.files.upload({ file: path });
    const initiate = server().requests.find((request) => request.route === 'initiateMultipartUpload');
    expect(initiate).toBeDefined();
    server().clearRequests();
    const again = await uploader.files.upload({ file: path });
    expect(again.id).toBe(first.id);
    expect(again.already_existed).toBe(true);
    // initiate answered 409 (a 200 would have been followed by part PUTs and complete).
    expect(server().requests.map((request) => request.route)).toEqual([
      'initiateMultipartUpload',
      'retrieveFile',
    ]);
  });

  test('a Blob goes multipart too, by slices', async () => {
    const bytes = jsonl(11 * MiB);
    const uploader = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } });
    const file = await uploader.files.upload({ file: new Blob([bytes as BlobPart]), filename: 'blob.jsonl' });
    expect(sha256(await uploader.files.retrieveContent(file.id))).toBe(sha256(bytes));
  });
});
