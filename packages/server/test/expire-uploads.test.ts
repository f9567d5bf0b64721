// Unfinished uploads expire (issue 16): a multipart upload never completed must not hold its parts until the server
// stops, and a single-part session never finished must not stay open.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, createUpload, randomData, send } from './helpers.js';

let server: ServerHandle;

beforeAll(async () => {
  // URLs valid 1 s, kept 1 s beyond: an unfinished upload expires 2 s after it began; the sweep runs every second.
  server = await startServer({ presignTTL: 1, unfinishedUploadGrace: 1 });
});
afterAll(async () => {
  await server?.close();
});

async function filesIn(folder: string): Promise<string[]> {
  return (await readdir(join(server.dataDir, folder), { recursive: true })).map(String);
}

async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a single-part upload that never got its bytes is dropped: its URL takes none after', async () => {
  const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'left.jsonl' });
  expect(created.status).toBe(302);
  const id = created.headers['x-together-file-id'] as string;
  const preprocess = () =>
    send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH });
  // Pending: known, waiting for its bytes.
  expect((await preprocess()).status).toBe(400);
  await eventually(async () => (await preprocess()).status === 404);
  const list = await send(`${server.baseURL}/files`, { headers: AUTH });
  expect(list.json().data).toEqual([]);
  expect(await filesIn('tmp')).toEqual([]);
});

test('a multipart upload never completed is dropped with its parts', async () => {
  const initiated = await send(`${server.baseURL}/files/multipart/initiate`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({
      file_name: 'parts.jsonl',
      file_size: 10 * 1024 * 1024,
      num_parts: 2,
      purpose: 'batch-api',
      file_type: 'jsonl',
    }),
  });
  expect(initiated.status).toBe(200);
  const { upload_id, parts } = initiated.json();
  const put = await send(parts[0].URL, { method: 'PUT', headers: parts[0].Headers, body: randomData(1024) });
  expect(put.status).toBe(200);
  expect(await filesIn('uploads')).toContain(upload_id);
  await eventually(async () => !(await filesIn('uploads')).some((name) => name.startsWith(upload_id)));
  const abort = await send(`${server.baseURL}/files/multipart/abort`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ upload_id, file_id: initiated.json().file_id }),
  });
  expect(abort.status).toBe(404);
});
