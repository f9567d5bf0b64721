import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { UploadError } from '../errors/upload-errors.js';
import { createFilesContext } from '../http/create-files-context.js';
import { uploadFile } from '../upload/upload-file.js';

const MiB = 1024 * 1024;
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const fileObject = {
  id: 'file-mp',
  object: 'file',
  created_at: 1,
  filename: 'big.jsonl',
  bytes: 11 * MiB,
  purpose: 'fine-tune',
  FileType: 'jsonl',
  Processed: true,
};

/** A fake service behind an injected fetch (so transfers go through fetch too); `complete` decides that answer. */
function fakeService(complete: () => Response, initiate?: () => Response | undefined) {
  const calls: {
    method: string;
    url: string;
    body?: unknown;
    authorization: string | null;
    size?: number;
  }[] = [];
  const fetch = async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.json() : undefined;
    const size = request.method === 'PUT' ? (await request.arrayBuffer()).byteLength : undefined;
    calls.push({
      method: request.method,
      url: url.pathname,
      body,
      authorization: request.headers.get('authorization'),
      size,
    });
    if (url.pathname.endsWith('/initiate')) {
      const answer = initiate?.();
      if (answer) return answer;
      const parts = [1, 2, 3].map((PartNumber) => ({
        PartNumber,
        URL: `https://storage.example.com/up/${PartNumber}?sig=x`,
        Headers: { 'x-part': String(PartNumber) },
      }));
      return Response.json({ upload_id: 'up-1', file_id: 'file-mp', parts });
    }
    if (url.hostname === 'storage.example.com') {
      const part = url.pathname.split('/').pop();
      // Quoted and weak ETags both appear in the wild; the complete call wants them bare.
      return new Response(null, {
        status: 200,
        headers: { etag: part === '2' ? 'W/"etag-2"' : `"etag-${part}"` },
      });
    }
    if (url.pathname.endsWith('/complete')) return complete();
    if (url.pathname.endsWith('/abort')) return Response.json({ success: true });
    if (url.pathname === '/v1/files/file-there') return Response.json({ ...fileObject, id: 'file-there' });
    return new Response('unexpected', { status: 500 });
  };
  const context = createFilesContext({
    apiKey: 'sk-k',
    baseURL: 'https://api.example.com/v1',
    fetch: fetch as never,
    logger: quiet,
    maxRetryDelay: 1,
  });
  return { context, calls };
}

const settings = { multipartThreshold: 5 * MiB, partSize: 5 * MiB, concurrency: 3 };
const file = new Uint8Array(11 * MiB).fill(0x61);

describe('multipart upload', () => {
  test.each([
    ['a FileObject', () => Response.json(fileObject)],
    ['{ file }', () => Response.json({ file: fileObject })],
  ])(
    'complete may answer %s; parts go sorted with bare ETags, storage gets no credentials',
    async (_shape, complete) => {
      const { context, calls } = fakeService(complete);
      const result = await uploadFile(context, { file, filename: 'big.jsonl', check: false }, settings);
      expect(result).toEqual(fileObject);
      expect(result.status).toBe('processed');
      const initiate = calls.find((call) => call.url.endsWith('/initiate'));
      expect(initiate?.body).toEqual({
        file_name: 'big.jsonl',
        file_size: 11 * MiB,
        num_parts: 3,
        purpose: 'fine-tune',
        file_type: 'jsonl',
        checksum: createHash('sha256').update(file).digest('hex'),
      });
      const puts = calls.filter((call) => call.method === 'PUT');
      expect(puts.map((call) => call.size).sort()).toEqual([MiB, 5 * MiB, 5 * MiB]);
      for (const put of puts) expect(put.authorization).toBeNull();
      expect(calls.find((call) => call.url.endsWith('/complete'))?.body).toEqual({
        upload_id: 'up-1',
        file_id: 'file-mp',
        parts: [
          { part_number: 1, etag: 'etag-1' },
          { part_number: 2, etag: 'etag-2' },
          { part_number: 3, etag: 'etag-3' },
        ],
      });
      expect(calls.some((call) => call.url.endsWith('/abort'))).toBe(false);
    },
  );

  test('a failing complete aborts the upload, then throws UploadError at step complete', async () => {
    const { context, calls } = fakeService(() =>
      Response.json({ error: { message: 'parts missing', type: 'invalid' } }, { status: 400 }),
    );
    const error = await uploadFile(context, { file, filename: 'big.jsonl', check: false }, settings).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).step).toBe('complete');
    expect((error as UploadError).message).toContain('400 parts missing');
    expect(calls.at(-1)?.url).toBe('/v1/files/multipart/abort');
    expect(calls.at(-1)?.body).toEqual({ upload_id: 'up-1', file_id: 'file-mp' });
  });

  test('initiate answering 409 { file_id } (same checksum) returns that file: no part, no complete', async () => {
    const { context, calls } = fakeService(
      () => new Response('unexpected', { status: 500 }),
      () =>
        Response.json(
          { file_id: 'file-there', error: { message: 'duplicate', type: 'conflict_error' } },
          { status: 409 },
        ),
    );
    const result = await uploadFile(context, { file, filename: 'big.jsonl', check: false }, settings);
    expect(result.id).toBe('file-there');
    expect(result.already_existed).toBe(true);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /v1/files/multipart/initiate',
      'GET /v1/files/file-there',
    ]);
  });
});
