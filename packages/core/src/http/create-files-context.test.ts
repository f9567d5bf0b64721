import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  TogetherError,
} from '../errors/index.js';
import { createFilesContext } from './create-files-context.js';

const fileList = { object: 'list', data: [] };
const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

/** A client whose fetch answers from `handler`, recording each request (the openapi-fetch test style). */
function setup(handler: (request: Request, attempt: number) => Response | Promise<Response>, options = {}) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request.clone());
    return handler(request, requests.length);
  });
  const context = createFilesContext({
    apiKey: 'sk-test-123456',
    baseURL: 'https://api.example.com/v1',
    fetch: fetch as never,
    maxRetryDelay: 1,
    logger: quiet,
    ...options,
  });
  const list = (signal?: AbortSignal) =>
    context.call(({ signal }) => context.client.GET('/files', { signal }), { label: 'GET /files', signal });
  return { context, requests, list };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createFilesContext', () => {
  test('sends auth, user agent and default headers through middleware; returns data and request id', async () => {
    const { requests, list } = setup(() => json(fileList, { headers: { 'x-request-id': 'req_42' } }), {
      defaultHeaders: { 'X-Team': 'ml' },
    });
    const result = await list();
    expect(result.data).toEqual(fileList);
    expect(result.requestId).toBe('req_42');
    const [request] = requests;
    expect(request?.url).toBe('https://api.example.com/v1/files');
    expect(request?.headers.get('authorization')).toBe('Bearer sk-test-123456');
    expect(request?.headers.get('user-agent')).toMatch(
      /^together-files\/\S+ \(node \d+\.\d+\.\d+; \w+ \w+\)$/,
    );
    expect(request?.headers.get('x-team')).toBe('ml');
  });

  test('a missing key fails at construction; env vars supply key, base URL and log level', () => {
    vi.stubEnv('TOGETHER_API_KEY', '');
    expect(() => createFilesContext({})).toThrow(/TOGETHER_API_KEY/);
    vi.stubEnv('TOGETHER_API_KEY', 'sk-env');
    vi.stubEnv('TOGETHER_BASE_URL', 'http://localhost:9/v1/');
    vi.stubEnv('TOGETHER_LOG', 'debug');
    const { options } = createFilesContext({});
    expect([options.apiKey, options.baseURL, options.logLevel]).toEqual([
      'sk-env',
      'http://localhost:9/v1',
      'debug',
    ]);
    expect(createFilesContext({ apiKey: 'k' }).options.timeout).toBe(60_000);
    vi.stubEnv('TOGETHER_LOG', 'loud');
    expect(() => createFilesContext({})).toThrow(
      /TOGETHER_LOG must be one of 'off', 'error', 'warn', 'info', 'debug'/,
    );
  });

  test.each([
    [{ timeout: -1 }, /timeout/],
    [{ maxRetries: 1.5 }, /maxRetries/],
    [{ baseURL: 'ftp://x' }, /baseURL/],
    [{ baseURL: 'not a url' }, /baseURL/],
  ])('bad option %o is refused', (options, message) => {
    expect(() => createFilesContext({ apiKey: 'k', ...options })).toThrow(message);
  });

  test('retries a 500 and a connection error, then succeeds', async () => {
    const { requests, list } = setup((_request, attempt) => {
      if (attempt === 1) return json({ error: { message: 'boom', type: 'server_error' } }, { status: 500 });
      if (attempt === 2) throw new TypeError('fetch failed');
      return json(fileList);
    });
    await expect(list()).resolves.toMatchObject({ data: fileList });
    expect(requests).toHaveLength(3);
  });

  test('exhausted retries throw the class of the last status', async () => {
    const { requests, list } = setup(
      () => json({ error: { message: 'slow down', type: 'rate_limit' } }, { status: 429 }),
      {
        maxRetries: 3,
      },
    );
    const error = await list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).message).toBe('429 slow down');
    expect(requests).toHaveLength(4);
  });

  test('a 404 is final and keeps the body fields; a text/plain body is readable', async () => {
    const notFound = setup(() =>
      json(
        { error: { message: 'File not found', type: 'invalid_request_error', code: 'file_not_found' } },
        { status: 404 },
      ),
    );
    await expect(notFound.list()).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'file_not_found',
    });
    expect(notFound.requests).toHaveLength(1);
    const text = setup(
      () => new Response('upstream exploded', { status: 502, headers: { 'content-type': 'text/plain' } }),
      {
        maxRetries: 0,
      },
    );
    await expect(text.list()).rejects.toMatchObject({
      constructor: InternalServerError,
      message: '502 upstream exploded',
    });
  });

  test('x-should-retry: false stops a 503 from being retried', async () => {
    const { requests, list } = setup(() =>
      json({ error: { message: 'no' } }, { status: 503, headers: { 'x-should-retry': 'false' } }),
    );
    await expect(list()).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  test('the timeout covers the body: a body that stalls times out', async () => {
    const { list } = setup(
      (request) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"data":'));
              request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      { timeout: 50, maxRetries: 1 },
    );
    await expect(list()).rejects.toBeInstanceOf(APITimeoutError);
  });

  test('a caller abort is APIUserAbortError and is not retried', async () => {
    const controller = new AbortController();
    const { requests, list } = setup(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
          setTimeout(() => controller.abort(), 5);
        }),
    );
    await expect(list(controller.signal)).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
  });

  test('debug logs show each attempt, with the key redacted', async () => {
    const lines: string[] = [];
    const logger = {
      error() {},
      warn() {},
      info: (line: string) => lines.push(line),
      debug: (line: string) => lines.push(line),
    };
    const { list } = setup(
      (_request, attempt) =>
        attempt === 1
          ? json({ error: { message: 'bad key sk-test-123456' } }, { status: 500 })
          : json(fileList),
      { logLevel: 'debug', logger },
    );
    await list();
    expect(lines.some((line) => line.startsWith('→ GET https://api.example.com/v1/files'))).toBe(true);
    expect(lines.some((line) => line.includes('retry 1 of 2'))).toBe(true);
    expect(lines.join('\n')).not.toContain('sk-test-123456');
  });

  test('apiHeaders carries auth, user agent and defaults for calls outside openapi-fetch', () => {
    const { context } = setup(() => json({}), { defaultHeaders: { 'X-Team': 'ml' } });
    expect(context.apiHeaders()).toMatchObject({ authorization: 'Bearer sk-test-123456', 'x-team': 'ml' });
    expect(() => createFilesContext({ apiKey: '' })).toThrow(TogetherError);
  });
});
