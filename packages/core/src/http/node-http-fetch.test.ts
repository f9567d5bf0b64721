import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  NotFoundError,
  RateLimitError,
} from '../errors/index.js';
import { useRecordingServer } from '../testing/recording-server.js';

// JSON calls without a caller's fetch go over node:http (node-http-fetch.ts); these tests hold that path to what
// `fetch` did for them, against a real socket.
const fileList = { object: 'list', data: [{ id: 'file-1', object: 'file', bytes: 3 }] };
const server = useRecordingServer();

afterEach(() => {
  server.clear();
  vi.restoreAllMocks();
});

const context = server.filesFetch;
const list = (files = context(), signal?: AbortSignal) =>
  files.call(({ signal }) => files.client.GET('/files', { signal }), { label: 'GET /files', signal });
const sendJSON = (response: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
};

describe('JSON calls over node:http', () => {
  test('never touch the global fetch; send the API headers; return the data and the request id', async () => {
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    server.handler = (_request, _body, response) => sendJSON(response, fileList, { 'x-request-id': 'req_7' });
    const result = await list(context({ defaultHeaders: { 'X-Team': 'ml' } }));
    expect(result.data).toEqual(fileList);
    expect(result.requestId).toBe('req_7');
    expect(result.response.headers.get('Content-Type')).toBe('application/json');
    expect(globalFetch).not.toHaveBeenCalled();
    const [request] = server.seen;
    expect(request?.url).toBe('/v1/files');
    expect(request?.headers.authorization).toBe('Bearer sk-unit-key');
    expect(request?.headers['user-agent']).toMatch(/^together-files\//);
    expect(request?.headers['x-team']).toBe('ml');
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  test('send a form body with its exact length, and leave a 302 unfollowed when asked', async () => {
    server.handler = (_request, _body, response) => {
      response.writeHead(302, { location: 'http://storage.invalid/put', 'x-together-file-id': 'file-9' });
      response.end();
    };
    const files = context();
    const { response } = await files.call(
      ({ signal }) =>
        files.client.POST('/files', {
          body: { purpose: 'fine-tune', file_name: 'é.jsonl', file_type: 'jsonl', checksum: 'abc' },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
          signal,
        }),
      { label: 'POST /files', acceptStatus: [302] },
    );
    expect([response.status, response.headers.get('location')]).toEqual([302, 'http://storage.invalid/put']);
    const [request] = server.seen;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-length']).toBe(String(request?.body.length));
    expect(Object.fromEntries(new URLSearchParams(request?.body.toString()))).toEqual({
      purpose: 'fine-tune',
      file_name: 'é.jsonl',
      file_type: 'jsonl',
      checksum: 'abc',
    });
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decode a %s-encoded answer', async (encoding, encode) => {
    server.handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(encode(JSON.stringify(fileList)));
    };
    await expect(list()).resolves.toMatchObject({ data: fileList });
  });

  test("follow redirects by fetch's rules: a 303 turns a POST into a GET; no key goes to another origin", async () => {
    const other = server.origin.replace('127.0.0.1', 'localhost');
    server.handler = (request, _body, response) => {
      const hops: Record<string, [number, string]> = {
        '/v1/files/upload': [303, '/v1/moved'],
        '/v1/moved': [307, `${other}/v1/elsewhere`],
      };
      const hop = hops[request.url ?? ''];
      if (!hop) return sendJSON(response, fileList);
      response.writeHead(hop[0], { location: hop[1] });
      response.end();
    };
    const files = context();
    const result = await files.call(
      ({ signal }) =>
        files.client.POST('/files/upload', { body: 'x' as never, bodySerializer: (body) => body, signal }),
      { label: 'POST /files/upload' },
    );
    expect(result.data).toEqual(fileList);
    expect(
      server.seen.map((request) => [request.method, request.url, request.headers.authorization ?? null]),
    ).toEqual([
      ['POST', '/v1/files/upload', 'Bearer sk-unit-key'],
      ['GET', '/v1/moved', 'Bearer sk-unit-key'],
      ['GET', '/v1/elsewhere', null],
    ]);
    expect(server.seen[1]?.body.length).toBe(0);
  });

  test('an error status keeps its class, message, request id and headers', async () => {
    server.handler = (_request, _body, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req_404' });
      response.end(JSON.stringify({ error: { message: 'No such file', type: 'invalid_request_error' } }));
    };
    const error = await list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      requestId: 'req_404',
      message: expect.stringContaining('No such file'),
    });
    expect((error as NotFoundError).headers['x-request-id']).toBe('req_404');

    server.handler = (_request, _body, response) => {
      response.writeHead(429, { 'retry-after-ms': '1', 'Set-Cookie': ['a=1', 'b=2'] });
      response.end();
    };
    const limited = await list(context({ maxRetries: 0 })).catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers).toMatchObject({
      'retry-after-ms': '1',
      'set-cookie': 'a=1, b=2',
    });
  });

  test('a body cut short is a connection error, retried until an answer is whole', async () => {
    let attempts = 0;
    server.handler = (_request, _body, response) => {
      attempts++;
      if (attempts < 3) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        response.write('{"object":"list","da');
        setTimeout(() => response.destroy(), 5);
      } else sendJSON(response, fileList);
    };
    await expect(list()).resolves.toMatchObject({ data: fileList });
    expect(attempts).toBe(3);

    attempts = -10;
    const error = await list(context({ maxRetries: 1 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(String((error as Error).message)).toMatch(/^Connection error/);
  });

  test('a body that stalls ends in APITimeoutError; a caller abort in APIUserAbortError', async () => {
    server.handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      response.write('{"object":"list"');
    };
    await expect(list(context({ timeout: 80, maxRetries: 0 }))).rejects.toBeInstanceOf(APITimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 40);
    await expect(list(context(), controller.signal)).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
