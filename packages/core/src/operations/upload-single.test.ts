import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { UploadError } from '../errors/upload-errors.js';
import { createFilesContext } from '../http/create-files-context.js';
import { uploadFile } from '../upload/upload-file.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const bytes = new TextEncoder().encode('{"text":"a"}\n');
const SHA256 = createHash('sha256').update(bytes).digest('hex');

/** A service behind an injected fetch whose POST /files answers with `created`. */
function service(created: () => Response, preprocess = () => new Response('{}', { status: 500 })) {
  const seen: string[] = [];
  const forms: { redirect: string; fields: Record<string, string> }[] = [];
  const fetch = async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { pathname, hostname } = new URL(request.url);
    seen.push(`${request.method} ${hostname}${pathname}`);
    if (pathname === '/v1/files') {
      forms.push({
        redirect: request.redirect,
        fields: Object.fromEntries(new URLSearchParams(await request.text())),
      });
      return created();
    }
    if (hostname === 'storage.example.com') return new Response(null, { status: 200 });
    return preprocess();
  };
  const context = createFilesContext({
    apiKey: 'k',
    baseURL: 'https://api.example.com/v1',
    fetch: fetch as never,
    logger: quiet,
    maxRetries: 0,
  });
  return { context, seen, forms };
}

const redirect = (headers: Record<string, string>) => new Response(null, { status: 302, headers });

describe('single-part flow', () => {
  test('a 302 without X-Together-File-Id is an UploadError at step create; nothing is PUT', async () => {
    const { context, seen } = service(() => redirect({ location: 'https://storage.example.com/x?sig=1' }));
    const error = await uploadFile(context, { file: bytes, filename: 'a.jsonl', check: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).step).toBe('create');
    expect(seen).toEqual(['POST api.example.com/v1/files']);
  });

  test('an unsafe file id from the service is refused before it reaches a path', async () => {
    const { context, seen } = service(() =>
      redirect({ location: 'https://storage.example.com/x', 'x-together-file-id': '../../admin' }),
    );
    await expect(
      uploadFile(context, { file: bytes, filename: 'a.jsonl', check: false }),
    ).rejects.toMatchObject({ step: 'create' });
    expect(seen).toHaveLength(1);
  });

  test('a failing preprocess is an UploadError at step preprocess, after the PUT', async () => {
    const { context, seen, forms } = service(() =>
      redirect({ location: 'https://storage.example.com/x?sig=1', 'x-together-file-id': 'file-1' }),
    );
    await expect(
      uploadFile(context, { file: bytes, filename: 'a.jsonl', check: false }),
    ).rejects.toMatchObject({
      name: 'UploadError',
      step: 'preprocess',
    });
    expect(seen).toEqual([
      'POST api.example.com/v1/files',
      'PUT storage.example.com/x',
      'POST api.example.com/v1/files/file-1/preprocess',
    ]);
    expect(forms).toEqual([
      {
        redirect: 'manual',
        fields: { purpose: 'fine-tune', file_name: 'a.jsonl', file_type: 'jsonl', checksum: SHA256 },
      },
    ]);
  });
});
