// Issue 13: what an attacker, a hostile client and a full disk did to the server. Each test failed before its fix.
import { readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import {
  AUTH,
  createUpload,
  formBody,
  jsonlDataset,
  type RawResponse,
  randomData,
  send,
  sha256,
  uploadSingle,
} from './helpers.js';

const MiB = 1024 * 1024;
const started: ServerHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<ServerHandle> {
  const server = await startServer(options);
  started.push(server);
  return server;
}

function preprocess(server: ServerHandle, id: string): Promise<RawResponse> {
  return send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH });
}

function post(server: ServerHandle, path: string, body: unknown): Promise<RawResponse> {
  return send(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('no-key mode and the admin routes (item 2)', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  test('the admin log never holds or shows an Authorization header', async () => {
    await send(`${server.baseURL}/files`, { headers: { authorization: 'Bearer sk-victim-secret-1234' } });
    const log = await send(`${server.url}/_admin/requests`, { headers: { authorization: 'Bearer other' } });
    expect(log.status).toBe(200);
    expect(log.json().requests.some((entry: { route: string }) => entry.route === 'listFiles')).toBe(true);
    expect(log.body.toString()).not.toContain('sk-victim-secret-1234');
    expect(log.body.toString()).not.toMatch(/authorization/i);
    expect(JSON.stringify(server.requests)).not.toContain('sk-victim-secret-1234');
  });

  test('a web page cannot reach the admin routes: no CORS there, browser requests refused', async () => {
    const fromPage = { authorization: 'Bearer any', origin: 'https://evil.example' };
    const read = await send(`${server.url}/_admin/requests`, { headers: fromPage });
    expect(read.status).toBe(403);
    expect(read.json().error.code).toBe('cross_origin');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    // A form post needs no preflight; the browser's fetch metadata gives it away even without Origin.
    const planted = await send(`${server.url}/_admin/faults`, {
      method: 'POST',
      headers: { authorization: 'Bearer any', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ faults: [{ route: '*', status: 500, times: 1000 }] }),
    });
    expect(planted.status).toBe(403);
    expect((await send(`${server.url}/_admin/faults`, { headers: AUTH })).json().faults).toEqual([]);
    const preflight = await send(`${server.url}/_admin/requests`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    // The API itself stays open to browsers (the client runs in pages).
    const api = await send(`${server.baseURL}/files`, { headers: fromPage });
    expect(api.status).toBe(200);
    expect(api.headers['access-control-allow-origin']).toBe('*');
  });

  test('with a key, the admin routes need that key', async () => {
    const keyed = await serve({ apiKey: 'the-key' });
    expect((await send(`${keyed.url}/_admin/requests`)).status).toBe(401);
    const wrong = { authorization: 'Bearer not-the-key' };
    expect((await send(`${keyed.url}/_admin/requests`, { headers: wrong })).status).toBe(401);
    const right = { authorization: 'Bearer the-key' };
    expect((await send(`${keyed.url}/_admin/requests`, { headers: right })).status).toBe(200);
  });
});

describe('the request log (item 3)', () => {
  test('large headers, authenticated or not, do not grow it: no headers kept, nothing before auth', async () => {
    const server = await serve({ apiKey: 'k' });
    const filler = 'x'.repeat(15 * 1024);
    for (let round = 0; round < 100; round++) {
      await Promise.all([
        send(`${server.baseURL}/files`, { headers: { authorization: 'Bearer k', 'x-filler': filler } }),
        send(`${server.baseURL}/files`, { headers: { authorization: 'Bearer wrong', 'x-filler': filler } }),
        send(`${server.url}/elsewhere`, { headers: { 'x-filler': filler } }),
      ]);
    }
    expect(server.requests).toHaveLength(100);
    const text = JSON.stringify(server.requests);
    expect(text).not.toContain(filler.slice(0, 100));
    expect(text.length).toBeLessThan(100 * 200);
  });
});

describe('a full disk at preprocess or complete keeps the upload (item 5)', () => {
  test('single part (stored at its PUT): 507 without a path, the upload stays pending, the retried PUT completes it', async () => {
    const server = await serve();
    const data = jsonlDataset(50);
    const created = await createUpload(server, { purpose: 'batch-api', file_name: 'p.jsonl' });
    const id = created.headers['x-together-file-id'] as string;
    server.faults.add({ route: 'storagePut', diskFull: true });
    const failed = await send(created.headers.location!, { method: 'PUT', body: data });
    expect(failed.status).toBe(507);
    expect(failed.json().error.code).toBe('insufficient_storage');
    expect(failed.body.toString()).not.toContain(server.dataDir);
    expect((await send(`${server.baseURL}/files/${id}`, { headers: AUTH })).status).toBe(404);
    expect(await readdir(join(server.dataDir, 'tmp'))).toEqual([]);
    const retried = await send(created.headers.location!, { method: 'PUT', body: data });
    expect(retried.status).toBe(200);
    expect((await preprocess(server, id)).json()).toMatchObject({ id, bytes: data.length });
    const content = await send(`${server.baseURL}/files/${id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(data));
    expect(await readdir(join(server.dataDir, 'tmp'))).toEqual([]);
  });

  test('multipart complete: 507, the parts stay, the retried complete makes the file', async () => {
    const server = await serve();
    const parts = [randomData(5 * MiB), randomData(1000)];
    const whole = Buffer.concat(parts);
    const initiated = await post(server, '/files/multipart/initiate', {
      file_name: 'big.jsonl',
      file_size: whole.length,
      num_parts: 2,
      purpose: 'batch-api',
      file_type: 'jsonl',
      checksum: sha256(whole),
    });
    const { upload_id, file_id, parts: urls } = initiated.json();
    const etags = [];
    for (const [index, data] of parts.entries()) {
      const put = await send(urls[index].URL, { method: 'PUT', body: data });
      etags.push({ part_number: index + 1, etag: String(put.headers.etag).replace(/"/g, '') });
    }
    server.faults.add({ route: 'completeMultipartUpload', diskFull: true });
    const body = { upload_id, file_id, parts: etags };
    const failed = await post(server, '/files/multipart/complete', body);
    expect(failed.status).toBe(507);
    expect(failed.body.toString()).not.toContain(server.dataDir);
    const retried = await post(server, '/files/multipart/complete', body);
    expect(retried.status).toBe(200);
    expect(retried.json()).toMatchObject({ id: file_id, bytes: whole.length });
    const content = await send(`${server.baseURL}/files/${file_id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(whole));
  });
});

/** Writes `head` then `body` on one keep-alive socket; resolves to what came back and whether the socket closed. */
function rawExchange(
  url: string,
  head: string,
  body: Buffer,
  then?: string,
): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let closed = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ text, closed });
    };
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      // After the first answer, try the connection again if asked: it must answer or be closed.
      if (then && /\r\n\r\n[\s\S]*\}$/.test(text) && !text.includes('HTTP/1.1 200')) {
        socket.write(then);
        then = undefined;
      }
    });
    socket.on('error', () => {
      closed = true;
      finish();
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(head);
    socket.write(body, () => {});
    setTimeout(finish, 3000);
  });
}

describe('after a 413 (item 6)', () => {
  test('the answer says Connection: close and the connection closes; no dead keep-alive', async () => {
    const server = await serve();
    const { host } = new URL(server.url);
    const body = Buffer.alloc(2 * MiB, 'a');
    const head =
      `POST /v1/files/multipart/initiate HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer k\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`;
    const next = `GET /v1/files HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer k\r\n\r\n`;
    const { text, closed } = await rawExchange(server.url, head, body, next);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text.toLowerCase()).not.toContain('connection: keep-alive');
    // The second request was not read as part of the first one: the connection closed instead of going silent.
    expect(closed).toBe(true);
    // And the server still serves new connections.
    expect((await send(`${server.baseURL}/files`, { headers: AUTH })).status).toBe(200);
  });
});

describe('500 answers (item 7)', () => {
  test('show no filesystem path', async () => {
    const server = await serve();
    await rm(join(server.dataDir, 'tmp'), { recursive: true });
    const { body, contentType } = formBody({ purpose: 'batch-api', file_name: 'a.jsonl' }, [
      { name: 'file', filename: 'a.jsonl', data: jsonlDataset(2) },
    ]);
    const answer = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
    expect(answer.status).toBe(500);
    expect(answer.json().error.message).toBe('Internal server error (ENOENT)');
    expect(answer.body.toString()).not.toContain(server.dataDir);
    expect(answer.body.toString()).not.toMatch(/\/[\w.-]+\/[\w.-]+/);
  });
});

describe('Range on an empty file (item 8)', () => {
  test('bytes=-5 answers 416 with Content-Range: bytes */0', async () => {
    const server = await serve();
    const file = (
      await uploadSingle(server, Buffer.alloc(0), { purpose: 'batch-api', file_name: 'e.jsonl' })
    ).json();
    expect(file.bytes).toBe(0);
    for (const range of ['bytes=-5', 'bytes=0-']) {
      const answer = await send(`${server.baseURL}/files/${file.id}/content`, {
        headers: { ...AUTH, range },
      });
      expect(answer.status).toBe(416);
      expect(answer.headers['content-range']).toBe('bytes */0');
    }
    const whole = await send(`${server.baseURL}/files/${file.id}/content`, { headers: AUTH });
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(0);
  });
});

describe('file name length (item 9)', () => {
  test('255 UTF-8 bytes are taken and download; 256, or 20,000 characters, answer a clear 400', async () => {
    const server = await serve();
    const longest = `${'n'.repeat(249)}.jsonl`;
    const file = (
      await uploadSingle(server, jsonlDataset(1), { purpose: 'batch-api', file_name: longest })
    ).json();
    expect(file.filename).toBe(longest);
    const content = await send(`${server.baseURL}/files/${file.id}/content`, { headers: AUTH });
    expect(content.status).toBe(200);
    for (const name of [
      `${'n'.repeat(250)}.jsonl`,
      `${'é'.repeat(125)}.jsonl`,
      `${'n'.repeat(20_000)}.jsonl`,
    ]) {
      const refused = await createUpload(server, { purpose: 'batch-api', file_name: name });
      expect(refused.status).toBe(400);
      expect(refused.json().error).toMatchObject({ param: 'file_name', code: 'invalid_file_name' });
      expect(refused.json().error.message).toMatch(/the longest name taken is 255 bytes/);
    }
    const initiated = await post(server, '/files/multipart/initiate', {
      file_name: `${'n'.repeat(20_000)}.jsonl`,
      file_size: 10 * MiB,
      num_parts: 2,
      purpose: 'batch-api',
    });
    expect(initiated.status).toBe(400);
  });
});

describe('storage URLs of a server on every interface (item 10)', () => {
  test('follow the Host the client used, or publicUrl; never a loopback the client cannot reach', async () => {
    const server = await serve({ host: '0.0.0.0' });
    const { port } = new URL(server.url);
    const created = await send(`${server.baseURL}/files`, {
      method: 'POST',
      headers: { ...AUTH, host: `files.lan:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'purpose=batch-api&file_name=a.jsonl',
    });
    expect(new URL(created.headers.location!).origin).toBe(`http://files.lan:${port}`);
    const initiated = await send(`${server.baseURL}/files/multipart/initiate`, {
      method: 'POST',
      headers: { ...AUTH, host: `192.168.7.9:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file_name: 'b.jsonl', file_size: 10 * MiB, num_parts: 2, purpose: 'batch-api' }),
    });
    expect(new URL(initiated.json().parts[1].URL).origin).toBe(`http://192.168.7.9:${port}`);
    // A Host that is not a plain host[:port] is not pasted into URLs.
    const odd = await send(`${server.baseURL}/files`, {
      method: 'POST',
      headers: { ...AUTH, host: 'evil.example/x?', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'purpose=batch-api&file_name=a.jsonl',
    });
    expect(new URL(odd.headers.location!).origin).toBe(server.url);
    // Through the address a client really used, the URL works end to end.
    const file = (
      await uploadSingle(server, jsonlDataset(3), { purpose: 'batch-api', file_name: 'c.jsonl' })
    ).json();
    expect(file.bytes).toBe(jsonlDataset(3).length);

    const published = await serve({ host: '0.0.0.0', publicUrl: 'http://files.example.com:9000/' });
    const fixed = await createUpload(published, { purpose: 'batch-api', file_name: 'd.jsonl' });
    expect(new URL(fixed.headers.location!).origin).toBe('http://files.example.com:9000');
    await expect(startServer({ publicUrl: 'ftp://files.example.com' })).rejects.toThrow(/Invalid public URL/);
  });
});

describe('parallel uploads of the same bytes (item 11)', () => {
  test('with the checksum announced, 20 at once make one file; every upload answers it', async () => {
    const server = await serve();
    const data = jsonlDataset(200, 'same');
    const fields = { purpose: 'batch-api', file_name: 'same.jsonl', checksum: sha256(data) };
    // Each either meets the 409 of POST /files (a PUT finished first) or completes, answered the one file.
    const ids = new Set(
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const created = await createUpload(server, fields);
          if (created.status === 409) return created.json().file_id as string;
          expect(created.status).toBe(302);
          expect((await send(created.headers.location!, { method: 'PUT', body: data })).status).toBe(200);
          const done = await preprocess(server, created.headers['x-together-file-id'] as string);
          expect(done.status).toBe(200);
          return done.json().id as string;
        }),
      ),
    );
    expect(ids.size).toBe(1);
    const list = (await send(`${server.baseURL}/files`, { headers: AUTH })).json();
    expect(list.data.map((file: { id: string }) => file.id)).toEqual([...ids]);
    expect(await readdir(join(server.dataDir, 'blobs'))).toHaveLength(1);
    expect(await readdir(join(server.dataDir, 'tmp'))).toEqual([]);
    // Afterwards, the announced checksum is a 409 at POST /files, as before.
    const again = await createUpload(server, {
      purpose: 'batch-api',
      file_name: 'x.jsonl',
      checksum: sha256(data),
    });
    expect(again.status).toBe(409);
    expect(again.json().file_id).toBe([...ids][0]);
  });

  test('without a checksum each upload is a file of its own, as the official SDKs (which send none) expect', async () => {
    const server = await serve();
    const data = jsonlDataset(20, 'plain');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        uploadSingle(server, data, { purpose: 'batch-api', file_name: 'p.jsonl' }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.json().id)).size).toBe(5);
  });
});
