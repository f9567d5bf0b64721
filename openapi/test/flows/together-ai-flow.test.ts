// The upload flow of the official TypeScript SDK (npm `together-ai`), replayed request by request against our
// server. Source: togethercomputer/together-typescript, src/lib/upload.ts at 5d7f323d5a9dbc4d2b2342f5330b1c1dceacdb63,
// lines 53-67 (`POST /files` with file_name, file_type and purpose both in the query string and as the urlencoded
// body, redirect not followed), 69-80 (a 302 with Location and X-Together-File-Id), 85-98 (PUT with
// `Content-Type: application/octet-stream` and `Content-Length`; only 200 counts), 100 (`client.files.retrieve`:
// `GET /files/{id}`, with no preprocess anywhere). The SDK streams a file; the replay sends the same bytes at once.
import { expect, test } from 'vitest';
import { AUTH, dataset, untilProcessed, useServer } from './server.js';

const server = useServer();

test('POST /files (query and body) → PUT → GET /files/{id}: the file exists, processing as reported', async () => {
  const bytes = dataset(20, 'together-ai');
  // upload.ts line 53: the SDK sends the path it was given as file_name.
  const params = new URLSearchParams({
    file_name: '/data/train.jsonl',
    file_type: 'jsonl',
    purpose: 'fine-tune',
  });
  const created = await fetch(`${server().baseURL}/files?${params}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...AUTH },
    redirect: 'manual',
    body: params.toString(),
  });
  expect(created.status).toBe(302);
  const location = created.headers.get('location');
  const fileId = created.headers.get('x-together-file-id');
  expect(location).toBeTruthy();
  expect(fileId).toBeTruthy();

  const put = await fetch(location!, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) },
    body: bytes,
  });
  expect(put.status).toBe(200);

  // The SDK's next and last request: the file must exist now.
  const retrieved = await fetch(`${server().baseURL}/files/${fileId}`, { headers: AUTH });
  expect(retrieved.status).toBe(200);
  const file = await retrieved.json();
  expect(file).toMatchObject({
    id: fileId,
    object: 'file',
    filename: 'train.jsonl',
    bytes: bytes.length,
    purpose: 'fine-tune',
    FileType: 'jsonl',
  });
  expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(file.processing_status);
  const list = await (await fetch(`${server().baseURL}/files`, { headers: AUTH })).json();
  expect(list.data.map((entry: { id: string }) => entry.id)).toContain(fileId);
  expect(server().requests.map((request) => request.route)).not.toContain('preprocessFile');

  // The service's validation ends on its own, without preprocess.
  expect(await untilProcessed(server(), fileId!)).toMatchObject({
    processing_status: 'COMPLETED',
    validation_report: { valid: true },
  });

  // Preprocess (what the Python SDKs call next) is still accepted afterwards, and answers the same file.
  const preprocess = await fetch(`${server().baseURL}/files/${fileId}/preprocess`, {
    method: 'POST',
    headers: AUTH,
  });
  expect(preprocess.status).toBe(200);
  expect(await preprocess.json()).toMatchObject({
    id: fileId,
    bytes: bytes.length,
    processing_status: 'COMPLETED',
  });

  // And the content comes back with the Accept the SDK sends (src/resources/files.ts line 61), as text/plain.
  const content = await fetch(`${server().baseURL}/files/${fileId}/content`, {
    headers: { ...AUTH, Accept: 'application/binary' },
  });
  expect(content.status).toBe(200);
  expect(content.headers.get('content-type')).toBe('text/plain');
  expect(Buffer.from(await content.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
});
