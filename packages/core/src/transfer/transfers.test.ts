import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Handler, useRecordingServer } from '../../test/recording-server.js';
import { APIError, APITimeoutError, UploadError } from '../errors/index.js';
import { downloadToFile } from '../operations/download-to-file.js';
import type { FileSource } from '../source/file-source.js';
import { putBytes } from './put-bytes.js';
import { streamDownload } from './stream-download.js';

const bytes = new Uint8Array(200_000).map((_, index) => (index * 7) % 251);
const server = useRecordingServer();
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'core-transfers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context = server.filesFetch;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('putBytes over node:http', () => {
  test.each(['path', 'blob', 'bytes'] as const)(
    'sends exactly the byte range of a %s, with Content-Length and no credentials',
    async (kind) => {
      const path = join(dir, 'source.bin');
      writeFileSync(path, bytes);
      const sources: Record<typeof kind, FileSource> = {
        path: { kind: 'path', name: 'a', size: bytes.length, path },
        blob: { kind: 'blob', name: 'a', size: bytes.length, blob: new Blob([bytes]) },
        bytes: { kind: 'bytes', name: 'a', size: bytes.length, bytes },
      };
      server.clear();
      server.handler = (_request, _body, response) => response.writeHead(200, { etag: '"abc"' }).end();
      const sent: number[] = [];
      const headers = await putBytes(context({ defaultHeaders: { 'x-secret-token': 't' } }), {
        url: `${server.origin}/storage/x?sig=1`,
        range: { source: sources[kind], start: 1000, end: 150_000 },
        headers: { 'x-amz-part': '1' },
        onSent: (loaded) => sent.push(loaded),
        label: 'PUT test',
      });
      expect(headers.etag).toBe('"abc"');
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0]?.headers['content-length']).toBe('149000');
      expect(server.seen[0]?.headers['x-amz-part']).toBe('1');
      expect(server.seen[0]?.headers.authorization).toBeUndefined();
      expect(server.seen[0]?.headers['x-secret-token']).toBeUndefined();
      expect(sha(server.seen[0]!.body)).toBe(sha(bytes.subarray(1000, 150_000)));
      expect(sent.at(-1)).toBe(149_000);
    },
  );

  test('13.15: a storage error that echoes the signed URL and credentials keeps none of them in the message', async () => {
    const url = `${server.origin}/storage/x?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=SECRETSIG`;
    server.handler = (_request, _body, response) =>
      response
        .writeHead(403, { 'content-type': 'application/xml' })
        .end(
          '<Error><Code>SignatureDoesNotMatch</Code><Message>Bad signature for ' +
            `${url}</Message><AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId>` +
            '<SignatureProvided>SECRETSIG</SignatureProvided><StringToSign>AWS4-HMAC-SHA256 x</StringToSign>' +
            '<CanonicalRequest>PUT /x X-Amz-Signature=SECRETSIG</CanonicalRequest></Error>',
        );
    const range = {
      source: { kind: 'bytes', name: 'a', size: 10, bytes: bytes.subarray(0, 10) } as FileSource,
      start: 0,
      end: 10,
    };
    const error = await putBytes(context({ maxRetries: 0 }), { url, range, label: 'PUT' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(APIError);
    const { message } = error as Error;
    expect(message).toMatch(/^403 <Error><Code>SignatureDoesNotMatch<\/Code>/);
    expect(message).toContain(`${server.origin}/storage/x?[redacted]`);
    expect(message).toContain('<SignatureProvided>[redacted]</SignatureProvided>');
    expect(message).not.toMatch(/SECRETSIG|AKIAEXAMPLE|AWS4-HMAC/);
  });

  test('only 200 counts: a 201 is an APIError', async () => {
    server.handler = (_request, _body, response) => response.writeHead(201).end('created');
    const range = {
      source: { kind: 'bytes', name: 'a', size: 10, bytes: bytes.subarray(0, 10) } as FileSource,
      start: 0,
      end: 10,
    };
    await expect(
      putBytes(context(), { url: `${server.origin}/storage/x`, range, label: 'PUT' }),
    ).rejects.toBeInstanceOf(APIError);
  });

  test('a storage that never answers hits the idle timeout', async () => {
    server.clear();
    server.handler = () => {};
    const range = {
      source: { kind: 'bytes', name: 'a', size: 10, bytes: bytes.subarray(0, 10) } as FileSource,
      start: 0,
      end: 10,
    };
    await expect(
      putBytes(context({ timeout: 80, maxRetries: 1 }), {
        url: `${server.origin}/storage/x`,
        range,
        label: 'PUT',
      }),
    ).rejects.toBeInstanceOf(APITimeoutError);
    expect(server.seen).toHaveLength(2);
  });
});

describe('downloads', () => {
  /** Serves `bytes`, cutting the first answer short; `honourRange` decides whether Range is obeyed. */
  function flaky(honourRange: boolean): Handler {
    let calls = 0;
    return (request, _body, response) => {
      calls++;
      const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      const start = honourRange && range ? Number(range[1]) : 0;
      const headers: Record<string, string | number> = {
        'content-length': bytes.length - start,
        'x-request-id': 'req_dl',
      };
      if (start) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
      response.writeHead(start ? 206 : 200, headers);
      if (calls === 1) {
        response.write(bytes.subarray(0, 64_000), () => response.destroy());
      } else {
        response.end(bytes.subarray(start));
      }
    };
  }

  test.each([true, false])(
    'resumes after a reset (server honours Range: %s) and delivers each byte once',
    async (honourRange) => {
      server.clear();
      server.handler = flaky(honourRange);
      const chunks: Uint8Array[] = [];
      for await (const chunk of streamDownload(context(), { url: `${server.origin}/v1/files/f/content` }))
        chunks.push(chunk);
      expect(sha(Buffer.concat(chunks))).toBe(sha(bytes));
      expect(server.seen).toHaveLength(2);
      expect(server.seen[0]?.headers.authorization).toBe('Bearer sk-unit-key');
      expect(server.seen[0]?.headers.accept).toBe('text/plain, application/binary');
      expect(server.seen[1]?.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    },
  );

  test('downloadToFile writes through a temp file and renames; a 404 leaves nothing behind', async () => {
    server.handler = flaky(true);
    const output = join(dir, 'out.bin');
    const result = await downloadToFile(context(), { url: `${server.origin}/v1/files/f/content`, output });
    expect(result).toEqual({ path: output, bytes: bytes.length, sha256: sha(bytes) });
    expect(result._requestId).toBe('req_dl');
    server.handler = (_request, _body, response) =>
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"gone","type":"x"}}');
    const before = readdirSync(dir).sort();
    await expect(
      downloadToFile(context(), {
        url: `${server.origin}/v1/files/f/content`,
        output: join(dir, 'gone.bin'),
      }),
    ).rejects.toThrow('404 gone');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  test('a refused redirect is a clear error (storage hops may not go to loopback)', async () => {
    server.handler = (_request, _body, response) =>
      response.writeHead(307, { location: `${server.origin}/elsewhere` }).end();
    const range = {
      source: { kind: 'bytes', name: 'a', size: 10, bytes: bytes.subarray(0, 10) } as FileSource,
      start: 0,
      end: 10,
    };
    const error = await putBytes(context(), { url: `${server.origin}/storage/x`, range, label: 'PUT' }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(/Refusing to follow a redirect/);
    expect(error).not.toBeInstanceOf(UploadError);
  });
});
