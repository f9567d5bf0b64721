import { describe, expectTypeOf, test } from 'vitest';
import {
  AsyncTogether,
  type CheckOptions,
  type CheckReport,
  type DownloadResult,
  type FileDeleteResponse,
  type FileObject,
  type FileResult,
  type RetrieveContentToFileOptions,
  type Together,
  type TogetherOptions,
  type UploadOptions,
  type UploadProgress,
  type UploadResult,
} from './index.js';

declare const client: Together;

describe('Together.files return types', () => {
  test('upload / retrieve / waitForProcessing give a file with the wire fields and the derived ones', () => {
    expectTypeOf(client.files.upload).returns.resolves.toEqualTypeOf<UploadResult>();
    expectTypeOf<UploadResult['already_existed']>().toEqualTypeOf<true | undefined>();
    expectTypeOf(client.files.retrieve).returns.resolves.toEqualTypeOf<FileResult>();
    expectTypeOf(client.files.waitForProcessing).returns.resolves.toEqualTypeOf<FileResult>();
    expectTypeOf<FileResult>().toExtend<FileObject>();
    expectTypeOf<FileResult['status']>().toEqualTypeOf<'uploaded' | 'processed' | 'error'>();
    expectTypeOf<FileResult['status_details']>().toEqualTypeOf<string | null>();
    expectTypeOf<FileResult['_requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<FileResult['FileType']>().toEqualTypeOf<FileObject['FileType']>();
  });

  test('list gives the files; delete the wire answer', () => {
    expectTypeOf(client.files.list).returns.resolves.toHaveProperty('data').toEqualTypeOf<FileResult[]>();
    expectTypeOf(client.files.delete).returns.resolves.toExtend<FileDeleteResponse>();
  });

  test('retrieveContent: a string without output, { path, bytes, sha256 } with it', () => {
    expectTypeOf(client.files.retrieveContent('file-1')).resolves.toEqualTypeOf<string>();
    expectTypeOf(
      client.files.retrieveContent('file-1', { signal: AbortSignal.abort() }),
    ).resolves.toEqualTypeOf<string>();
    const written = client.files.retrieveContent('file-1', { output: 'out.jsonl' });
    expectTypeOf(written).resolves.toExtend<DownloadResult>();
    expectTypeOf(written).resolves.toEqualTypeOf<
      DownloadResult & { readonly _requestId?: string | undefined }
    >();
  });

  test('a value typed RetrieveContentToFileOptions picks the { output } overload', () => {
    const options: RetrieveContentToFileOptions = { output: 'out.jsonl', onProgress() {} };
    expectTypeOf(client.files.retrieveContent('file-1', options)).resolves.toEqualTypeOf<
      DownloadResult & { readonly _requestId?: string | undefined }
    >();
  });

  test('the option and result types users need are exported', () => {
    expectTypeOf(client.files.check).parameter(1).toEqualTypeOf<CheckOptions | undefined>();
    expectTypeOf(client.files.upload).parameter(0).toEqualTypeOf<UploadOptions>();
    expectTypeOf<UploadProgress>().toEqualTypeOf<{
      loaded: number;
      total: number;
      part?: number;
      parts?: number;
      resumed?: { parts?: number; bytes: number };
    }>();
  });

  test('content streams bytes; check reports', () => {
    expectTypeOf(client.files.content).returns.resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf(client.files.check).returns.resolves.toEqualTypeOf<CheckReport>();
  });

  test('upload options are checked at compile time', () => {
    expectTypeOf(client.files.upload)
      .parameter(0)
      .toHaveProperty('purpose')
      .toEqualTypeOf<'fine-tune' | 'eval' | 'batch-api' | undefined>();
    // @ts-expect-error -- not an uploadable purpose
    client.files.upload({ file: 'a.jsonl', purpose: 'eval-output' });
    // @ts-expect-error -- file is required
    client.files.upload({ purpose: 'eval' });
  });

  test('AsyncTogether is the same class; options are the documented ones', () => {
    expectTypeOf(AsyncTogether).toEqualTypeOf<typeof Together>();
    expectTypeOf<TogetherOptions>().toHaveProperty('upload');
    expectTypeOf<TogetherOptions['logLevel']>().toEqualTypeOf<
      'off' | 'error' | 'warn' | 'info' | 'debug' | undefined
    >();
  });
});
