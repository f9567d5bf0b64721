import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, createUpload, randomData, send, sha256, uploadSingle } from './helpers.js';

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  server.faults.clear();
});
afterAll(async () => {
  await server.close();
});

const list = () => send(`${server.baseURL}/files`, { headers: AUTH });

/** A GET that reports how many body bytes arrived and whether the connection broke. */
function partialDownload(
  url: string,
): Promise<{ status: number; length: number; received: number; broken: boolean }> {
  return new Promise((resolve) => {
    let received = 0;
    let status = 0;
    let length = 0;
    const get = request(url, { headers: AUTH }, (response) => {
      status = response.statusCode ?? 0;
      length = Number(response.headers['content-length']);
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      response.on('end', () => resolve({ status, length, received, broken: received < length }));
      response.on('error', () => resolve({ status, length, received, broken: true }));
      response.on('aborted', () => resolve({ status, length, received, broken: true }));
    });
    get.on('error', () => resolve({ status, length, received, broken: true }));
    get.end();
  });
}

describe('status faults', () => {
  test('answer the next N matching requests with the status and ErrorData, then pass', async () => {
    server.faults.add({ route: 'listFiles', status: 503, times: 2, retryAfter: 3 });
    for (let hit = 0; hit < 2; hit++) {
      const response = await list();
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('3');
      expect(response.json().error).toMatchObject({ type: 'server_error', code: 'injected_fault' });
      expect(response.headers['x-request-id']).toBeDefined();
    }
    expect((await list()).status).toBe(200);
  });

  test('429 with retry-after-ms and extra headers', async () => {
    server.faults.add({ route: '*', status: 429, retryAfterMs: 250, headers: { 'x-should-retry': 'false' } });
    const response = await send(`${server.baseURL}/files/file-x`, { headers: AUTH });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after-ms']).toBe('250');
    expect(response.headers['x-should-retry']).toBe('false');
    expect(response.json().error.type).toBe('rate_limit_error');
    expect((await send(`${server.baseURL}/files/file-x`, { headers: AUTH })).status).toBe(404);
  });

  test('a fault only hits its route', async () => {
    server.faults.add({ route: 'retrieveFile', status: 500 });
    expect((await list()).status).toBe(200);
    expect((await send(`${server.baseURL}/files/file-x`, { headers: AUTH })).status).toBe(500);
  });

  test('a storage PUT fault keeps the URL usable for the retry', async () => {
    server.faults.add({ route: 'storagePut', status: 502 });
    const created = await createUpload(server, { purpose: 'batch-api', file_name: 'p.jsonl' });
    const first = await send(created.headers.location!, { method: 'PUT', body: randomData(1000) });
    expect(first.status).toBe(502);
    expect((await send(created.headers.location!, { method: 'PUT', body: randomData(1000) })).status).toBe(
      200,
    );
  });

  test('headers alone are added to the normal answer', async () => {
    server.faults.add({ route: 'listFiles', headers: { 'x-ratelimit-remaining': '0' } });
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.headers['x-ratelimit-remaining']).toBe('0');
  });
});

describe('delay faults', () => {
  test('delay the answer by at least delayMs', async () => {
    server.faults.add({ route: 'listFiles', delayMs: 300 });
    const started = performance.now();
    const response = await list();
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('reset faults', () => {
  test('a download is cut off after K bytes of the response body', async () => {
    const data = randomData(200_000);
    const id = (await uploadSingle(server, data, { purpose: 'batch-api', file_name: 'r.jsonl' })).json().id;
    server.faults.add({ route: 'retrieveFileContent', resetAfterBytes: 70_000 });
    const cut = await partialDownload(`${server.baseURL}/files/${id}/content`);
    expect(cut).toMatchObject({ status: 200, length: data.length, received: 70_000, broken: true });
    // The resume with Range works and completes the bytes.
    const rest = await send(`${server.baseURL}/files/${id}/content`, {
      headers: { ...AUTH, range: 'bytes=70000-' },
    });
    expect(rest.status).toBe(206);
    expect(sha256(Buffer.concat([data.subarray(0, 70_000), rest.body]))).toBe(sha256(data));
  });

  test('resetAfterBytes 0 on a download sends headers and no body', async () => {
    const id = (
      await uploadSingle(server, randomData(5000), { purpose: 'batch-api', file_name: 'z.jsonl' })
    ).json().id;
    server.faults.add({ route: 'retrieveFileContent', resetAfterBytes: 0 });
    const cut = await partialDownload(`${server.baseURL}/files/${id}/content`);
    expect(cut).toMatchObject({ received: 0, broken: true });
  });

  test('a storage PUT is cut off after K bytes of the request body, leaving nothing behind', async () => {
    const created = await createUpload(server, { purpose: 'batch-api', file_name: 'cut.jsonl' });
    const id = created.headers['x-together-file-id'] as string;
    server.faults.add({ route: 'storagePut', resetAfterBytes: 64 * 1024 });
    await expect(
      send(created.headers.location!, { method: 'PUT', body: randomData(1024 * 1024) }),
    ).rejects.toThrow();
    expect((await readdir(join(server.dataDir, 'tmp'))).filter((name) => name.includes(id))).toEqual([]);
    const retry = await send(created.headers.location!, { method: 'PUT', body: randomData(1024 * 1024) });
    expect(retry.status).toBe(200);
  });

  test('a request without a body is cut off at once', async () => {
    server.faults.add({ route: 'listFiles', resetAfterBytes: 0 });
    await expect(list()).rejects.toThrow();
    expect((await list()).status).toBe(200);
  });
});

describe('fault plans', () => {
  test('faults given at start hit first', async () => {
    const started = await startServer({ faults: [{ route: 'listFiles', status: 500, times: 1 }] });
    try {
      expect((await send(`${started.baseURL}/files`, { headers: AUTH })).status).toBe(500);
      expect((await send(`${started.baseURL}/files`, { headers: AUTH })).status).toBe(200);
    } finally {
      await started.close();
    }
  });

  test('clear drops every planned fault', async () => {
    server.faults.add({ route: '*', status: 500, times: 10 });
    server.faults.clear();
    expect((await list()).status).toBe(200);
  });
});
