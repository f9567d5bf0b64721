// The official TypeScript SDK itself (npm `together-ai`, pinned as a devDependency) against our server: list,
// retrieve, content and delete, then its `files.upload`.
//
// Its upload (lib/upload.mjs of the package; src/lib/upload.ts lines 82-92 of togethercomputer/together-typescript
// at 5d7f323d5a9dbc4d2b2342f5330b1c1dceacdb63) PUTs a Node `fs.ReadStream` with the global `fetch` and no
// `duplex` option. Node's fetch (undici) refuses any streamed body without `duplex: 'half'`: "RequestInit: duplex
// option is required when sending a body". Measured on Node 20.20.2, 22.23.3 and 24.21.0 — it fails on all three,
// so on no Node version this repo supports does the SDK's upload work as published. The test shows that failure on
// the Node it runs on, then runs the same upload with a fetch that adds the missing `duplex: 'half'` (what a
// runtime whose fetch streams a Node body does), so the rest of its flow — POST with the fields in query and body,
// PUT, `GET /files/{id}` without preprocess — is proven against our server.
//
// The SDK is loaded as CommonJS: its ESM build's lib/node-unsafe-imports.mjs reaches `fs` and `path` through a
// bare `require`, which ESM does not have, so from an ESM import `files.upload` answers "File does not exists".

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { API_KEY, AUTH, dataset, useServer } from './server.js';

const server = useServer();
type TogetherModule = typeof import('together-ai');
let sdk: TogetherModule;
let client: InstanceType<TogetherModule['Together']>;
const dir = mkdtempSync(join(tmpdir(), 'together-ai-'));

beforeAll(async () => {
  // lib/upload reads TOGETHER_API_BASE_URL once, when it loads (src/lib/upload.ts line 18): set it first.
  process.env.TOGETHER_API_BASE_URL = server().baseURL;
  sdk = createRequire(import.meta.url)('together-ai') as TogetherModule;
  client = new sdk.Together({ apiKey: API_KEY, baseURL: server().baseURL, maxRetries: 0 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function uploadWithOurServer(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  form.append('file_name', name);
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${server().baseURL}/files/upload`, {
    method: 'POST',
    headers: AUTH,
    body: form,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

test('list, retrieve, content and delete through the SDK', async () => {
  const bytes = dataset(8, 'sdk');
  const id = await uploadWithOurServer(bytes, 'sdk.jsonl');
  const list = await client.files.list();
  expect(list.data.map((file) => file.id)).toContain(id);
  const file = await client.files.retrieve(id);
  expect(file).toMatchObject({
    id,
    filename: 'sdk.jsonl',
    bytes: bytes.length,
    FileType: 'jsonl',
    purpose: 'fine-tune',
  });
  // `content` sends Accept: application/binary (src/resources/files.ts line 61); our server answers text/plain.
  const content = await client.files.content(id);
  expect(Buffer.from(await content.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  expect(await client.files.delete(id)).toMatchObject({ id, deleted: true });
  await expect(client.files.retrieve(id)).rejects.toBeInstanceOf(sdk.NotFoundError);
});

test('files.upload: its streamed PUT fails on this Node for want of duplex; with it, the upload completes', async () => {
  const bytes = dataset(10, 'sdk-upload');
  const path = join(dir, 'train.jsonl');
  writeFileSync(path, bytes);

  server().clearRequests();
  const failure = await client.files.upload(path, 'fine-tune').then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(String((failure as Error)?.message ?? failure)).toMatch(/duplex/);
  // It got as far as the POST; no byte reached storage, so no file exists.
  expect(server().requests.map((request) => request.route)).toEqual(['createUpload']);

  const original = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const streamed = init?.body && typeof (init.body as { pipe?: unknown }).pipe === 'function';
    return original(input, streamed ? ({ ...init, duplex: 'half' } as RequestInit) : init);
  }) as typeof fetch;
  try {
    server().clearRequests();
    const uploaded = await client.files.upload(path, 'fine-tune');
    expect(uploaded).toMatchObject({ filename: 'train.jsonl', bytes: bytes.length, purpose: 'fine-tune' });
    expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(uploaded.processing_status);
    expect(server().requests.map((request) => request.route)).toEqual([
      'createUpload',
      'storagePut',
      'retrieveFile',
    ]);
    // The POST carried the fields in the query string and in the body.
    const post = server().requests[0]!;
    expect(post.path).toBe('/v1/files');
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect((await client.files.list()).data.map((file) => file.id)).toContain(uploaded.id);
  } finally {
    globalThis.fetch = original;
  }
});
