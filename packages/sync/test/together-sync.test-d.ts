// The overloads: blocking forms return the promise client's values, callback forms return nothing.
import type { Together } from '@together-files/client';
import type {
  CheckReport,
  DownloadResult,
  FileListResult,
  FileResult,
  TogetherSync,
  TogetherSyncOptions,
  UploadResult,
  WithRequestId,
} from '@together-files/sync';
import { describe, expectTypeOf, it } from 'vitest';

declare const client: TogetherSync;

describe('TogetherSync types', () => {
  it('returns what the promise client resolves to, when blocking', () => {
    type Files = Together['files'];
    expectTypeOf(client.files.list()).toEqualTypeOf<Awaited<ReturnType<Files['list']>>>();
    expectTypeOf(client.files.list()).toEqualTypeOf<FileListResult>();
    expectTypeOf(client.files.retrieve('file-1')).toEqualTypeOf<FileResult>();
    expectTypeOf(client.files.retrieveContent('file-1')).toEqualTypeOf<string>();
    expectTypeOf(client.files.retrieveContent('file-1', { output: 'out.jsonl' })).toEqualTypeOf<
      WithRequestId<DownloadResult>
    >();
    expectTypeOf(client.files.check('train.jsonl')).toEqualTypeOf<CheckReport>();
    expectTypeOf(client.files.upload({ file: 'train.jsonl' })).toEqualTypeOf<UploadResult>();
  });

  it('returns nothing and types the callback, when given one', () => {
    expectTypeOf(
      client.files.list((_error, list) => expectTypeOf(list).toEqualTypeOf<FileListResult>()),
    ).toBeVoid();
    expectTypeOf(
      client.files.retrieveContent('file-1', { output: 'out.jsonl' }, (error, result) => {
        expectTypeOf(error).toEqualTypeOf<Error | null>();
        expectTypeOf(result).toEqualTypeOf<WithRequestId<DownloadResult>>();
      }),
    ).toBeVoid();
  });

  it('takes no functions among its options', () => {
    expectTypeOf<TogetherSyncOptions>().not.toHaveProperty('fetch');
    expectTypeOf<TogetherSyncOptions>().not.toHaveProperty('logger');
    expectTypeOf<TogetherSyncOptions>().toHaveProperty('blockingTimeout');
  });
});
