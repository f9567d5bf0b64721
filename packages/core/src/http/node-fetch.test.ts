import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { useRecordingServer } from '../../test/recording-server.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  NotFoundError,
  RateLimitError,
} from '../errors/index.js';
import { MAX_JSON_BODY, ResponseTooLargeError } from '../errors/response-errors.js';
import { createNodeFetch } from './node-fetch.js';
import type { Transport } from './transport.js';

// JSON calls without a caller's fetch go over node:http (node-fetch.ts over node-transport.ts); these tests hold that path to what
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

describe('the fetch handed to openapi-fetch', () => {
  test('takes a standard Request and answers a standard Response, read once, cloned whole', async () => {
    server.handler = (_request, _body, response) => sendJSON(response, fileList, { 'x-request-id': 'req_9' });
    const files = context();
    const { response } = await list(files);
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);

    const send = await createNodeFetch(await files.transport(), files.redirectPolicy);
    const answer = await send(new Request(`${server.origin}/v1/files`));
    expect([answer.status, answer.ok, answer.headers.get('x-request-id')]).toEqual([200, true, 'req_9']);
    const copy = answer.clone();
    await expect(answer.json()).resolves.toEqual(fileList);
    expect(answer.bodyUsed).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(await copy.arrayBuffer()))).toEqual(fileList);
    const streamed = await send(new Request(`${server.origin}/v1/files`));
    expect(await new Response(streamed.body).json()).toEqual(fileList);
  });
});

describe('hardening of JSON calls (issue 13)', () => {
  test('13.12: a gzip bomb stops at the cap with ResponseTooLargeError, and is not retried', async () => {
    // 100 MiB of spaces, about 100 kB compressed: over the 64 MiB cap once inflated.
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
    let attempts = 0;
    server.handler = (_request, _body, response) => {
      attempts++;
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(bomb);
    };
    const error = await list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(MAX_JSON_BODY);
    expect((error as Error).message).toMatch(/larger than 67108864 bytes once decoded/);
    expect(attempts).toBe(1);
  });

  test('13.14: a redirect to another origin carries neither the key nor the default headers', async () => {
    const other = server.origin.replace('127.0.0.1', 'localhost');
    server.handler = (request, _body, response) => {
      if (request.url === '/v1/files') response.writeHead(307, { location: `${other}/v1/elsewhere` }).end();
      else sendJSON(response, fileList);
    };
    await expect(list(context({ defaultHeaders: { 'X-Org-Token': 'org-secret' } }))).resolves.toMatchObject({
      data: fileList,
    });
    expect(server.seen.map((request) => [request.url, request.headers['x-org-token'] ?? null])).toEqual([
      ['/v1/files', 'org-secret'],
      ['/v1/elsewhere', null],
    ]);
  });

  test('13.14: a JSON call never follows https → http, nor a hop the API did not issue to a private host', async () => {
    const sent: string[] = [];
    const table: Record<string, [number, string]> = {
      'https://api.example.com/v1/files': [307, 'http://api.example.com/v1/files'],
      'https://api.example.com/v1/other': [302, 'https://cdn.example.net/x'],
      'https://cdn.example.net/x': [302, 'https://[::ffff:a9fe:a9fe]/latest/meta-data'],
    };
    const transport: Transport = {
      async send(request) {
        sent.push(request.url);
        const [status, location] = table[request.url] ?? [200, ''];
        const headers: Record<string, string> = location ? { location } : {};
        return { status, headers, body: (async function* () {})(), discard() {} };
      },
    };
    const send = await createNodeFetch(transport, {
      allowHttp: false,
      trustedOrigin: 'https://api.example.com',
    });
    await expect(send(new Request('https://api.example.com/v1/files'))).rejects.toThrow(
      /Refusing to follow a redirect to http:\/\/api.example.com/,
    );
    await expect(send(new Request('https://api.example.com/v1/other'))).rejects.toThrow(
      /Refusing to follow a redirect to https:\/\/\[::ffff:a9fe:a9fe\]/,
    );
    expect(sent).toEqual([
      'https://api.example.com/v1/files',
      'https://api.example.com/v1/other',
      'https://cdn.example.net/x',
    ]);
  });
});
