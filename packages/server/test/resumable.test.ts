import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, randomData, send, sha256, uploadMultipart } from './helpers.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const servers: ServerHandle[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'together-files-resumable-'));
  dirs.push(dir);
  return dir;
}
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<ServerHandle> {
  const server = await startServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function post(server: ServerHandle, path: string, body: unknown) {
  return send(`${server.baseURL}/files/multipart/${path}`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function initiate(server: ServerHandle, parts: Buffer[]) {
  const answer = await post(server, 'initiate', {
    file_name: 'resume.jsonl',
    file_size: parts.reduce((sum, part) => sum + part.length, 0),
    num_parts: parts.length,
    purpose: 'batch-api',
    file_type: 'jsonl',
  });
  expect(answer.status).toBe(200);
  return answer.json() as {
    upload_id: string;
    file_id: string;
    parts: { PartNumber: number; URL: string; Headers: Record<string, string> }[];
  };
}

async function put(url: string, body: Buffer) {
  return send(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body });
}

describe('multipart uploads across a restart', () => {
  test('parts PUT before a restart are kept; the same URLs take the rest; complete makes the file', async () => {
    const dataDir = await freshDir();
    const parts = [randomData(5 * MiB), randomData(5 * MiB), randomData(1000)];
    const first = await start({ dataDir });
    const upload = await initiate(first, parts);
    const one = await put(upload.parts[0]!.URL, parts[0]!);
    expect(one.status).toBe(200);
    await first.close();

    // Same data folder, another port: the URLs carry the old origin, so PUT their path and query on the new one.
    const second = await start({ dataDir });
    const moved = (url: string) => `${second.url}${new URL(url).pathname}${new URL(url).search}`;
    const two = await put(moved(upload.parts[1]!.URL), parts[1]!);
    const three = await put(moved(upload.parts[2]!.URL), parts[2]!);
    expect([two.status, three.status]).toEqual([200, 200]);
    const etag = (answer: { headers: Record<string, unknown> }) =>
      String(answer.headers.etag).replace(/"/g, '');
    const completed = await post(second, 'complete', {
      upload_id: upload.upload_id,
      file_id: upload.file_id,
      parts: [one, two, three].map((answer, index) => ({ part_number: index + 1, etag: etag(answer) })),
    });
    expect(completed.status).toBe(200);
    const content = await send(`${second.baseURL}/files/${upload.file_id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(Buffer.concat(parts)));
    // Nothing of the session remains once it completed.
    expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
  });

  test('an aborted upload is gone after a restart too: its URLs answer 403, complete and abort 404', async () => {
    const dataDir = await freshDir();
    const parts = [randomData(5 * MiB), randomData(10)];
    const first = await start({ dataDir });
    const upload = await initiate(first, parts);
    expect((await put(upload.parts[0]!.URL, parts[0]!)).status).toBe(200);
    expect(
      (await post(first, 'abort', { upload_id: upload.upload_id, file_id: upload.file_id })).status,
    ).toBe(200);
    await first.close();
    const second = await start({ dataDir });
    const url = new URL(upload.parts[1]!.URL);
    const late = await put(`${second.url}${url.pathname}${url.search}`, parts[1]!);
    expect(late.status).toBe(403);
    expect(late.json().error.code).toBe('upload_closed');
    const ids = { upload_id: upload.upload_id, file_id: upload.file_id };
    expect((await post(second, 'abort', ids)).status).toBe(404);
    const complete = await post(second, 'complete', { ...ids, parts: [{ part_number: 1, etag: 'x' }] });
    expect(complete.status).toBe(404);
    expect(complete.json().error.code).toBe('upload_not_found');
  });

  test('an upload is kept a day after its URLs expired (complete still knows it), then dropped', async () => {
    // URLs that expired a day ago less two seconds: the upload itself has two seconds left.
    const server = await start({ presignTTL: -(24 * 60 * 60) + 2 });
    const upload = await initiate(server, [randomData(100)]);
    const complete = () =>
      post(server, 'complete', {
        upload_id: upload.upload_id,
        file_id: upload.file_id,
        parts: [{ part_number: 1, etag: '0' }],
      });
    // Known: the answer is about the part, not the upload.
    expect((await complete()).json().error.code).toBe('invalid_part');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await complete();
    expect(late.status).toBe(404);
    expect(late.json().error.code).toBe('upload_not_found');
  });
});

describe('presignTTL', () => {
  test('URLs expire after presignTTL seconds and then answer 403 url_expired, as S3 does', async () => {
    const server = await start({ presignTTL: 1 });
    const upload = await initiate(server, [randomData(10)]);
    const expires = Number(new URL(upload.parts[0]!.URL).searchParams.get('expires'));
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await put(upload.parts[0]!.URL, randomData(10));
    expect(late.status).toBe(403);
    expect(late.json().error.code).toBe('url_expired');
  });
});

describe('content validators', () => {
  async function stored(server: ServerHandle) {
    const data = randomData(100_000);
    const file = (await uploadMultipart(server, [data])).json();
    return { file, data, url: `${server.baseURL}/files/${file.id}/content` };
  }

  test('content carries a strong ETag and Last-Modified that stay the same across GETs and restarts', async () => {
    const dataDir = await freshDir();
    const first = await start({ dataDir });
    const { file, url } = await stored(first);
    const answer = await send(url, { headers: AUTH });
    expect(answer.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(answer.headers['last-modified']).toBe(new Date(file.created_at * 1000).toUTCString());
    await first.close();
    const second = await start({ dataDir });
    const again = await send(`${second.baseURL}/files/${file.id}/content`, { headers: AUTH });
    expect(again.headers.etag).toBe(answer.headers.etag);
  });

  test('If-Range with the ETag or the date honours the Range; any other answers 200 with everything', async () => {
    const server = await start();
    const { data, url } = await stored(server);
    const { etag, 'last-modified': lastModified } = (await send(url, { headers: AUTH })).headers;
    const ranged = (ifRange: string) =>
      send(url, { headers: { ...AUTH, range: 'bytes=1000-', 'if-range': ifRange } });
    for (const validator of [String(etag), String(lastModified)]) {
      const answer = await ranged(validator);
      expect(answer.status).toBe(206);
      expect(answer.body.equals(data.subarray(1000))).toBe(true);
    }
    for (const stale of [
      '"0123456789abcdef0123456789abcdef"',
      `W/${etag}`,
      'Thu, 01 Jan 1970 00:00:00 GMT',
    ]) {
      const answer = await ranged(stale);
      expect(answer.status).toBe(200);
      expect(answer.body.equals(data)).toBe(true);
    }
  });
});
