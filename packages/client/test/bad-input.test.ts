import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Together, TogetherError } from '../src/index.js';
import { jsonl, useServer, writeFile } from './helpers.js';

const { server, client, dir } = useServer();

/** Runs `action`, expects a TogetherError matching `message`, and proves nothing reached the server. */
async function refused(action: () => Promise<unknown>, message: RegExp) {
  server().clearRequests();
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TogetherError);
  expect((error as Error).message).toMatch(message);
  expect(server().requests).toEqual([]);
}

describe('bad input: a clear error and no request', () => {
  test('missing file', async () => {
    await refused(
      () => client().files.upload({ file: join(dir(), 'nope.jsonl') }),
      /File not found: .*nope\.jsonl/,
    );
    await refused(
      () => client().files.upload({ file: join(dir(), 'nope.jsonl'), check: false }),
      /File not found/,
    );
  });

  test('a directory', async () => {
    const folder = join(dir(), 'folder.jsonl');
    mkdirSync(folder, { recursive: true });
    await refused(() => client().files.upload({ file: folder }), /Not a regular file/);
  });

  test('an empty file, empty bytes, an empty Blob', async () => {
    const empty = writeFile(dir(), 'empty.jsonl', '');
    await refused(() => client().files.upload({ file: empty }), /File is empty/);
    await refused(
      () => client().files.upload({ file: new Uint8Array(), filename: 'a.jsonl', check: false }),
      /empty/,
    );
    await refused(() => client().files.upload({ file: new File([], 'a.jsonl') }), /empty/);
  });

  test('unknown extension', async () => {
    const text = writeFile(dir(), 'notes.txt', 'hello\n');
    await refused(
      () => client().files.upload({ file: text }),
      /Unsupported file extension.*\.jsonl, \.parquet, \.csv/,
    );
    await refused(
      () => client().files.upload({ file: jsonl(100), filename: 'noext', check: false }),
      /Unsupported file extension/,
    );
  });

  test('bytes without a file name', async () => {
    await refused(() => client().files.upload({ file: jsonl(100) }), /filename/);
  });

  test('unknown purpose, and a purpose the user cannot upload with', async () => {
    const path = writeFile(dir(), 'ok.jsonl', jsonl(100));
    await refused(
      () => client().files.upload({ file: path, purpose: 'fine_tune' as never }),
      /"fine-tune", "eval", "batch-api"/,
    );
    await refused(
      () => client().files.upload({ file: path, purpose: 'eval-output' as never }),
      /Unknown purpose "eval-output"/,
    );
  });

  test('purpose/type mismatch', async () => {
    const csv = writeFile(dir(), 'table.csv', 'a,b\n1,2\n');
    await refused(
      () => client().files.upload({ file: csv, purpose: 'fine-tune' }),
      /csv file cannot be uploaded for purpose "fine-tune"; it accepts \.jsonl, \.parquet\. Purpose "eval" takes \.csv\./,
    );
    await refused(
      () => client().files.upload({ file: csv, purpose: 'batch-api', check: false }),
      /purpose "batch-api"/,
    );
  });

  test.each(['', '../x', '../../etc/passwd', 'a/b', 'file-1?x=1', '%2e%2e'])(
    'unsafe or empty id %j',
    async (id) => {
      const files = client().files;
      await refused(() => files.retrieve(id), /file id/);
      await refused(() => files.delete(id), /file id/);
      await refused(() => files.retrieveContent(id), /file id/);
      await refused(() => files.retrieveContent(id, { output: join(dir(), 'x.jsonl') }), /file id/);
      await refused(() => files.content(id), /file id/);
      await refused(() => files.waitForProcessing(id), /file id/);
    },
  );

  test('output in a missing folder', async () => {
    await refused(
      () => client().files.retrieveContent('file-123', { output: join(dir(), 'missing', 'out.jsonl') }),
      /folder of output does not exist/,
    );
  });

  test('no API key, a bad option', async () => {
    const previous = process.env.TOGETHER_API_KEY;
    delete process.env.TOGETHER_API_KEY;
    try {
      expect(() => new Together({ baseURL: server().baseURL })).toThrow(/TOGETHER_API_KEY/);
    } finally {
      if (previous !== undefined) process.env.TOGETHER_API_KEY = previous;
    }
    expect(() => client({ upload: { partSize: 1024 } })).toThrow(/partSize/);
    expect(() => client({ logLevel: 'verbose' as never })).toThrow(/logLevel/);
    expect(server().requests).toEqual([]);
  });

  test('an already aborted signal sends nothing', async () => {
    const path = writeFile(dir(), 'aborted.jsonl', jsonl(100));
    server().clearRequests();
    await expect(client().files.upload({ file: path, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'APIUserAbortError',
    });
    await expect(client().files.list({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'APIUserAbortError',
    });
    expect(server().requests).toEqual([]);
  });
});
