import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import {
  APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UploadError,
} from '../src/index.js';
import { jsonl, listDir, MiB, sha256, useServer, writeFile } from './helpers.js';

const { server, client, dir } = useServer();
const routes = () => server().requests.map((request) => request.route);

async function uploaded(size = 4_000, name = `f-${Math.random().toString(36).slice(2)}.jsonl`) {
  const bytes = jsonl(size);
  const file = await client().files.upload({ file: bytes, filename: name, check: false });
  server().clearRequests();
  return { file, bytes };
}

describe('retries', () => {
  test('a 500 on list is retried and succeeds', async () => {
    server().faults.add({ route: 'listFiles', status: 500 });
    await expect(client().files.list()).resolves.toMatchObject({ object: 'list' });
    expect(routes()).toEqual(['listFiles', 'listFiles']);
  });

  test('a 503 with Retry-After is honoured (up to maxRetryDelay) and retried', async () => {
    const info = vi.fn();
    const logger = { error() {}, warn() {}, debug() {}, info };
    server().faults.add({ route: 'retrieveFile', status: 503, retryAfter: 1 });
    const { file } = await uploaded();
    await expect(
      client({ logger, logLevel: 'info', maxRetryDelay: 60_000 }).files.retrieve(file.id),
    ).resolves.toMatchObject({ id: file.id });
    expect(info).toHaveBeenCalledWith(
      expect.stringMatching(/^GET \/files\/\{id\} failed \(503 .*\); retry 1 of 2 in 1000 ms$/),
    );
    expect(routes()).toEqual(['retrieveFile', 'retrieveFile']);
  });

  test('retry-after-ms beyond maxRetryDelay waits only maxRetryDelay', async () => {
    const info = vi.fn();
    server().faults.add({ route: 'listFiles', status: 429, retryAfterMs: 30_000 });
    await client({
      logger: { error() {}, warn() {}, debug() {}, info },
      logLevel: 'info',
      maxRetryDelay: 30,
    }).files.list();
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/retry 1 of 2 in 30 ms$/));
  });

  test('exhausted retries throw the class of the status', async () => {
    server().faults.add({ route: 'listFiles', status: 429, times: 3 });
    await expect(client().files.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(routes()).toEqual(['listFiles', 'listFiles', 'listFiles']);
    server().faults.add({ route: 'listFiles', status: 502, times: 2 });
    await expect(client({ maxRetries: 1 }).files.list()).rejects.toBeInstanceOf(InternalServerError);
  });

  test('x-should-retry: false is final', async () => {
    server().faults.add({ route: 'listFiles', status: 503, headers: { 'x-should-retry': 'false' } });
    await expect(client().files.list()).rejects.toBeInstanceOf(InternalServerError);
    expect(routes()).toEqual(['listFiles']);
  });

  test('a storage PUT reset mid-body is retried by re-reading the file', async () => {
    const bytes = jsonl(300_000);
    const path = writeFile(dir(), 'reset-put.jsonl', bytes);
    server().faults.add({ route: 'storagePut', resetAfterBytes: 100_000 });
    const file = await client().files.upload({ file: path, check: false });
    expect(routes()).toEqual(['createUpload', 'storagePut', 'storagePut', 'preprocessFile']);
    expect(sha256(await client().files.retrieveContent(file.id))).toBe(sha256(bytes));
  });

  test('a storage PUT that keeps failing is an UploadError at step put, its cause the status error', async () => {
    server().faults.add({ route: 'storagePut', status: 500, times: 3 });
    const error = await client()
      .files.upload({ file: jsonl(1_000), filename: 'put-fails.jsonl', check: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).step).toBe('put');
    expect((error as UploadError).cause).toBeInstanceOf(InternalServerError);
    expect(routes().filter((route) => route === 'storagePut')).toHaveLength(3);
    expect(routes()).not.toContain('preprocessFile');
  });

  test('a failing part aborts the multipart upload, then throws UploadError at step part', async () => {
    server().faults.add({ route: 'storagePut', status: 500, times: 10 });
    const uploader = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB }, maxRetries: 1 });
    const error = await uploader.files
      .upload({ file: jsonl(11 * MiB), filename: 'parts-fail.jsonl', check: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).step).toBe('part');
    expect(routes()[0]).toBe('initiateMultipartUpload');
    // A part PUT sent just before the abort may be logged by the server after it: compare calls, not arrival order.
    expect(routes().filter((route) => route === 'abortMultipartUpload')).toHaveLength(1);
    expect(routes()).not.toContain('completeMultipartUpload');
  });

  test('a part reset is retried on its own', async () => {
    server().faults.add({ route: 'storagePut', resetAfterBytes: MiB });
    const bytes = jsonl(11 * MiB);
    const uploader = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB, concurrency: 1 } });
    const file = await uploader.files.upload({ file: bytes, filename: 'part-reset.jsonl', check: false });
    expect(routes().filter((route) => route === 'storagePut')).toHaveLength(4);
    expect(sha256(await uploader.files.retrieveContent(file.id))).toBe(sha256(bytes));
  });
});

describe('downloads', () => {
  test('a reset mid-download resumes with Range and the bytes are exact', async () => {
    const { file, bytes } = await uploaded(400_000);
    server().faults.add({ route: 'retrieveFileContent', resetAfterBytes: 150_000 });
    const output = join(dir(), 'resumed.jsonl');
    const result = await client().files.retrieveContent(file.id, { output });
    expect(result.sha256).toBe(sha256(bytes));
    const gets = server().requests.filter((request) => request.route === 'retrieveFileContent');
    expect(gets).toHaveLength(2);
    expect(gets[0]?.headers.range).toBeUndefined();
    expect(gets[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Number(gets[1]?.headers.range?.slice(6, -1))).toBeGreaterThan(0);
  });

  test('a resumed content stream and text are exact too', async () => {
    const { file, bytes } = await uploaded(300_000);
    server().faults.add({ route: 'retrieveFileContent', resetAfterBytes: 100_000, times: 2 });
    expect(sha256(await client().files.retrieveContent(file.id))).toBe(sha256(bytes));
    server().faults.add({ route: 'retrieveFileContent', resetAfterBytes: 70_000 });
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await client().files.content(file.id)) as unknown as AsyncIterable<Uint8Array>)
      chunks.push(chunk);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
  });

  test('a download that keeps failing leaves no partial or temp file', async () => {
    const { file } = await uploaded(200_000);
    server().faults.add({ route: 'retrieveFileContent', resetAfterBytes: 50_000, times: 3 });
    const folder = dir();
    const before = listDir(folder);
    const error = await client()
      .files.retrieveContent(file.id, { output: join(folder, 'never.jsonl') })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('APIConnectionError');
    expect(listDir(folder)).toEqual(before);
  });

  test('a text download beyond the limit is refused, pointing to output', async () => {
    const { file } = await uploaded(2_000);
    const { retrieveContentText, createFilesContext } = await import('@together-files/core');
    const context = createFilesContext({ apiKey: 'sk-e2e-0123456789abcdef', baseURL: server().baseURL });
    await expect(retrieveContentText(context, file.id, { maxBytes: 100 })).rejects.toThrow(/output/);
  });
});

describe('delete', () => {
  test('a DELETE whose answer was lost resolves as deleted when the retry finds no file', async () => {
    const { file } = await uploaded(2_000);
    let lost = 0;
    // The server deletes, then the answer is lost on the way back (as a reset would lose it).
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const method = input instanceof Request ? input.method : init?.method;
      if (method === 'DELETE' && lost++ === 0) {
        await response.body?.cancel();
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
        });
      }
      return response;
    };
    await expect(client({ fetch: losing }).files.delete(file.id)).resolves.toEqual({
      id: file.id,
      object: 'file',
      deleted: true,
    });
    expect(routes()).toEqual(['deleteFile', 'deleteFile']);
    await expect(client().files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a DELETE of a missing file that answers 404 at once stays NotFoundError', async () => {
    await expect(client().files.delete('file-missing')).rejects.toBeInstanceOf(NotFoundError);
    expect(routes()).toEqual(['deleteFile']);
  });
});

describe('timeouts and aborts', () => {
  test('a slow answer with a small timeout is APITimeoutError (after its retries)', async () => {
    server().faults.add({ route: 'listFiles', delayMs: 1_000, times: 2 });
    await expect(client({ timeout: 100, maxRetries: 1 }).files.list()).rejects.toBeInstanceOf(
      APITimeoutError,
    );
    expect(routes()).toEqual(['listFiles', 'listFiles']);
  });

  test('a stalled download hits the idle timeout; no temp file is left', async () => {
    const { file } = await uploaded(2_000);
    server().faults.add({ route: 'retrieveFileContent', delayMs: 1_000, times: 3 });
    const before = listDir(dir());
    await expect(
      client({ timeout: 100, maxRetries: 0 }).files.retrieveContent(file.id, {
        output: join(dir(), 'slow.jsonl'),
      }),
    ).rejects.toBeInstanceOf(APITimeoutError);
    expect(listDir(dir())).toEqual(before);
  });

  test('abort during a download: APIUserAbortError, nothing left behind', async () => {
    const { file } = await uploaded(2_000);
    server().faults.add({ route: 'retrieveFileContent', delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const before = listDir(dir());
    await expect(
      client().files.retrieveContent(file.id, {
        output: join(dir(), 'aborted.jsonl'),
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(listDir(dir())).toEqual(before);
  });

  test('abort during an upload PUT: APIUserAbortError, and no preprocess', async () => {
    server().faults.add({ route: 'storagePut', delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      client().files.upload({
        file: jsonl(1_000),
        filename: 'abort.jsonl',
        check: false,
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(routes()).not.toContain('preprocessFile');
  });

  test('abort during a multipart upload aborts it on the service', async () => {
    server().faults.add({ route: 'storagePut', delayMs: 2_000, times: 10 });
    const controller = new AbortController();
    const uploader = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } });
    // Bytes no earlier test uploaded: known bytes would end at initiate's 409, before any part could be aborted.
    const file = jsonl(11 * MiB, 'abort-mp');
    await expect(
      uploader.files.upload({
        file,
        filename: 'abort-mp.jsonl',
        check: false,
        signal: controller.signal,
        // Abort once parts are on the wire.
        onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(routes()[0]).toBe('initiateMultipartUpload');
    // A part PUT sent just before the abort may be logged by the server after it: compare calls, not arrival order.
    expect(routes().filter((route) => route === 'abortMultipartUpload')).toHaveLength(1);
  });

  test('a long-lived signal keeps no listeners once calls end, whatever they did', async () => {
    const controller = new AbortController();
    let listeners = 0;
    let peak = 0;
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      peak = Math.max(peak, listeners);
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    server().faults.add(
      { route: 'listFiles', status: 503 },
      { route: 'retrieveFileContent', resetAfterBytes: 10_000 },
    );
    const files = client({ upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } }).files;
    const small = await files.upload({ file: jsonl(50_000), filename: 'signal.jsonl', signal });
    await files.upload({ file: jsonl(6 * MiB), filename: 'signal-mp.jsonl', check: false, signal });
    await files.list({ signal });
    await files.retrieveContent(small.id, { output: join(dir(), 'signal-out.jsonl'), signal });
    const stream = await files.content(small.id, { signal });
    for await (const _chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      // drain
    }
    await files.list({ signal: controller.signal }).catch(() => {});
    expect(peak).toBeGreaterThan(0);
    expect(listeners).toBe(0);
  });
});
