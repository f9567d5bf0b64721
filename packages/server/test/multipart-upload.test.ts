import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, randomData, send, sha256 } from './helpers.js';

const MiB = 1024 * 1024;
let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

function post(path: string, body: unknown) {
  return send(`${server.baseURL}/files/multipart/${path}`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface Initiated {
  upload_id: string;
  file_id: string;
  parts: Array<{ PartNumber: number; URL: string; Headers: Record<string, string> }>;
}

async function initiate(sizes: number[], extra: Record<string, unknown> = {}): Promise<Initiated> {
  const response = await post('initiate', {
    file_name: 'big.jsonl',
    file_size: sizes.reduce((sum, size) => sum + size, 0),
    num_parts: sizes.length,
    purpose: 'batch-api',
    file_type: 'jsonl',
    ...extra,
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function putParts(
  initiated: Initiated,
  parts: Buffer[],
): Promise<Array<{ part_number: number; etag: string }>> {
  return Promise.all(
    parts.map(async (data, index) => {
      const part = initiated.parts[index]!;
      const response = await send(part.URL, { method: 'PUT', headers: part.Headers, body: data });
      expect(response.status).toBe(200);
      return { part_number: part.PartNumber, etag: String(response.headers.etag).replace(/"/g, '') };
    }),
  );
}

describe('multipart upload', () => {
  test('end to end with three parts: initiate, PUT each with its Headers, complete, download', async () => {
    const parts = [randomData(5 * MiB), randomData(5 * MiB), randomData(300 * 1024)];
    const whole = Buffer.concat(parts);
    const initiated = await initiate(parts.map((part) => part.length));
    expect(initiated.file_id).toMatch(/^file-/);
    expect(initiated.parts.map((part) => part.PartNumber)).toEqual([1, 2, 3]);
    for (const part of initiated.parts) {
      expect(new URL(part.URL).origin).toBe(server.url);
      expect(typeof part.Headers).toBe('object');
    }
    const completed = await putParts(initiated, parts);
    // Not listed before complete.
    const before = (await send(`${server.baseURL}/files`, { headers: AUTH })).json();
    expect(before.data.map((file: { id: string }) => file.id)).not.toContain(initiated.file_id);

    const response = await post('complete', {
      upload_id: initiated.upload_id,
      file_id: initiated.file_id,
      parts: completed,
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      id: initiated.file_id,
      object: 'file',
      bytes: whole.length,
      filename: 'big.jsonl',
      Processed: true,
    });
    const content = await send(`${server.baseURL}/files/${initiated.file_id}/content`, { headers: AUTH });
    expect(content.status).toBe(200);
    expect(sha256(content.body)).toBe(sha256(whole));
    // A retried complete answers the same file; the parts are gone from the temp folder.
    const again = await post('complete', {
      upload_id: initiated.upload_id,
      file_id: initiated.file_id,
      parts: completed,
    });
    expect(again.status).toBe(200);
    expect(again.json().id).toBe(initiated.file_id);
    expect(
      (await readdir(join(server.dataDir, 'tmp'))).filter((name) => name.includes(initiated.file_id)),
    ).toEqual([]);
  });

  test('a part below 5 MiB that is not the last is rejected at complete', async () => {
    const parts = [randomData(1024), randomData(1024)];
    const initiated = await initiate(parts.map((part) => part.length));
    const completed = await putParts(initiated, parts);
    const response = await post('complete', {
      upload_id: initiated.upload_id,
      file_id: initiated.file_id,
      parts: completed,
    });
    expect(response.status).toBe(400);
    expect(response.json().error.code).toBe('entity_too_small');
  });

  test('a single small part is fine (the last part may be small)', async () => {
    const data = randomData(2048);
    const initiated = await initiate([data.length]);
    const completed = await putParts(initiated, [data]);
    const response = await post('complete', {
      upload_id: initiated.upload_id,
      file_id: initiated.file_id,
      parts: completed,
    });
    expect(response.status).toBe(200);
    expect(response.json().bytes).toBe(2048);
  });

  test('wrong etags, unsorted, missing parts and size mismatches answer 400', async () => {
    const parts = [randomData(5 * MiB), randomData(1000)];
    const initiated = await initiate(parts.map((part) => part.length));
    const completed = await putParts(initiated, parts);
    const ids = { upload_id: initiated.upload_id, file_id: initiated.file_id };
    const cases: Array<[unknown, string]> = [
      [[{ ...completed[0], etag: 'f'.repeat(32) }, completed[1]], 'invalid_part'],
      [[completed[1], completed[0]], 'invalid_part_order'],
      [[completed[0]], 'size_mismatch'],
      [[completed[0], { part_number: 3, etag: completed[1]!.etag }], 'invalid_part'],
    ];
    for (const [list, code] of cases) {
      const response = await post('complete', { ...ids, parts: list });
      expect(response.status).toBe(400);
      expect(response.json().error.code).toBe(code);
    }
    // Quoted etags are accepted as well, and the upload still completes after the failed tries.
    const quoted = completed.map((part) => ({ ...part, etag: `"${part.etag}"` }));
    expect((await post('complete', { ...ids, parts: quoted })).status).toBe(200);
  });

  test('abort drops the upload and its parts; a part URL then answers 403', async () => {
    const initiated = await initiate([5 * MiB, 10]);
    await putParts(initiated, [randomData(5 * MiB)]);
    const abort = await post('abort', { upload_id: initiated.upload_id, file_id: initiated.file_id });
    expect(abort.status).toBe(200);
    expect(abort.json()).toEqual({ success: true });
    expect(
      (await readdir(join(server.dataDir, 'tmp'))).filter((name) => name.includes(initiated.file_id)),
    ).toEqual([]);
    const late = await send(initiated.parts[1]!.URL, { method: 'PUT', body: randomData(10) });
    expect(late.status).toBe(403);
    const again = await post('abort', { upload_id: initiated.upload_id, file_id: initiated.file_id });
    expect(again.status).toBe(404);
    const complete = await post('complete', {
      upload_id: initiated.upload_id,
      file_id: initiated.file_id,
      parts: [],
    });
    expect(complete.status).toBe(404);
  });

  test('a part URL may be PUT again until complete (the last body counts), then answers 403', async () => {
    const initiated = await initiate([5 * MiB, 10]);
    const [first, lost] = [randomData(5 * MiB), randomData(10)];
    const replacement = randomData(10);
    const completed = await putParts(initiated, [first, lost]);
    // The 200 of part 2 was lost: the client PUTs it again, and the new ETag is the one complete checks.
    const retried = await putParts({ ...initiated, parts: [initiated.parts[1]!] }, [replacement]);
    expect(retried[0]!.etag).not.toBe(completed[1]!.etag);
    const ids = { upload_id: initiated.upload_id, file_id: initiated.file_id };
    const stale = await post('complete', { ...ids, parts: completed });
    expect(stale.status).toBe(400);
    expect(stale.json().error.code).toBe('invalid_part');
    const response = await post('complete', { ...ids, parts: [completed[0], retried[0]] });
    expect(response.status).toBe(200);
    const content = await send(`${server.baseURL}/files/${initiated.file_id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(Buffer.concat([first, replacement])));
    const late = await send(initiated.parts[1]!.URL, { method: 'PUT', body: replacement });
    expect(late.status).toBe(403);
    expect(late.json().error.code).toBe('upload_closed');
  });

  test('initiate refuses a file over 50.1 GiB, bad counts, bad purposes and malformed JSON', async () => {
    const base = { file_name: 'f.jsonl', purpose: 'fine-tune', file_type: 'jsonl', num_parts: 250 };
    const tooLarge = await post('initiate', { ...base, file_size: Math.floor(50.1 * 1024 ** 3) + 1 });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.json().error).toMatchObject({ param: 'file_size', code: 'file_too_large' });
    expect(tooLarge.json().error.message).toMatch(/50\.1 GiB/);
    const largest = await post('initiate', { ...base, file_size: Math.floor(50.1 * 1024 ** 3) });
    expect(largest.status).toBe(200);
    expect(largest.json().parts).toHaveLength(250);
    expect((await post('initiate', { ...base, file_size: 10, num_parts: 0 })).status).toBe(400);
    expect((await post('initiate', { ...base, file_size: -1 })).status).toBe(400);
    const purpose = await post('initiate', { ...base, file_size: 10, purpose: 'nope' });
    expect(purpose.status).toBe(400);
    expect(purpose.json().error.param).toBe('purpose');
    const mismatch = await post('initiate', {
      ...base,
      file_size: 10,
      purpose: 'eval',
      file_type: 'parquet',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json().error.param).toBe('file_type');
    const malformed = await send(`${server.baseURL}/files/multipart/initiate`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"file_name": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
  });

  test('initiate with the checksum of a completed file answers 409 with file_id', async () => {
    const data = randomData(100);
    const initiated = await initiate([data.length]);
    const completed = await putParts(initiated, [data]);
    await post('complete', { upload_id: initiated.upload_id, file_id: initiated.file_id, parts: completed });
    const response = await post('initiate', {
      file_name: 'again.jsonl',
      file_size: 100,
      num_parts: 1,
      purpose: 'batch-api',
      checksum: sha256(data),
    });
    expect(response.status).toBe(409);
    expect(response.json().file_id).toBe(initiated.file_id);
  });
});
