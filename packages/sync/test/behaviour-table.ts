// One table of behaviours that every client must show alike: the same inputs, the same results, the same error
// classes. Each case gets a client adapter whose methods return promises (the sync client's are wrapped), so the
// table says nothing about how a client waits.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CheckReport,
  DownloadResult,
  FileListResult,
  FileResult,
  RetrieveContentToFileOptions,
  UploadOptions,
  WaitOptions,
  WithRequestId,
} from '@together-files/client';
import {
  AuthenticationError,
  FileCheckError,
  InternalServerError,
  NotFoundError,
  TogetherError,
} from '@together-files/core';
import type { SyncUploadOptions } from '@together-files/sync';
import type { FileDeleteResponse } from '@together-files/types';
import { expect } from 'vitest';
import type { ServerProcess } from './server-process.ts';

/** A client seen through promises. */
export interface ClientAdapter {
  // The options both clients take: the sync client's (no stream, which cannot cross to its worker).
  upload(options: SyncUploadOptions): Promise<FileResult>;
  list(): Promise<FileListResult>;
  retrieve(id: string): Promise<FileResult>;
  retrieveContent(id: string): Promise<string>;
  download(id: string, options: RetrieveContentToFileOptions): Promise<WithRequestId<DownloadResult>>;
  delete(id: string): Promise<WithRequestId<FileDeleteResponse>>;
  check(
    file: SyncUploadOptions['file'],
    options?: { purpose?: UploadOptions['purpose']; filename?: string },
  ): Promise<CheckReport>;
  waitForProcessing(id: string, options?: WaitOptions): Promise<FileResult>;
}

/** The client options a case may change (a wrong key, say); the rest come from the test file. */
export interface ClientOverrides {
  apiKey?: string;
  maxRetries?: number;
}

/** What a case runs with. */
export interface BehaviourContext {
  client: ClientAdapter;
  /** Another client of the same kind, with some options changed. */
  createClient(overrides: ClientOverrides): ClientAdapter;
  server: ServerProcess;
  /** A fresh temp folder. */
  dir: string;
}

/** One behaviour. */
export interface BehaviourCase {
  name: string;
  run(context: BehaviourContext): Promise<void>;
}

// The server knows files by checksum (a second upload of the same bytes gets the first file back), so every
// sample set is unique.
function samples(): string {
  return `{"text": "one"}\n{"text": "two"}\n{"text": "${randomUUID()}"}\n`;
}

function writeSamples(dir: string, name = 'train.jsonl', text = samples()): { path: string; text: string } {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text };
}

/** The API requests the server saw (the admin calls that ask are left out). */
async function apiRequests(server: ServerProcess): Promise<string[]> {
  return (await server.requests())
    .filter((request) => request.route !== 'admin')
    .map((request) => request.route);
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

/** Every behaviour, in the order the suite runs them. */
export const behaviourCases: BehaviourCase[] = [
  {
    name: 'upload from a path, then download to a file with the same sha256',
    async run({ client, dir }) {
      const { path, text } = writeSamples(dir);
      const progress: number[] = [];
      const file = await client.upload({
        file: path,
        purpose: 'fine-tune',
        onProgress: (p) => progress.push(p.loaded),
      });
      expect(file).toMatchObject({
        object: 'file',
        filename: 'train.jsonl',
        bytes: text.length,
        FileType: 'jsonl',
      });
      expect(file.purpose).toBe('fine-tune');
      expect(file.id).toMatch(/^file-/);
      expect(typeof file._requestId).toBe('string');
      expect(['uploaded', 'processed']).toContain(file.status);
      expect(progress.at(-1)).toBe(text.length);
      const output = join(dir, 'copy.jsonl');
      const downloaded = await client.download(file.id, { output });
      expect(downloaded).toMatchObject({ path: output, bytes: text.length, sha256: sha256(text) });
      expect(sha256(readFileSync(output))).toBe(sha256(text));
    },
  },
  {
    name: 'upload bytes with a filename, and read them back as a string',
    async run({ client }) {
      const text = samples();
      const bytes = new TextEncoder().encode(text);
      const file = await client.upload({ file: bytes, filename: 'bytes.jsonl', purpose: 'batch-api' });
      expect(file).toMatchObject({ filename: 'bytes.jsonl', bytes: bytes.byteLength, purpose: 'batch-api' });
      expect(await client.retrieveContent(file.id)).toBe(text);
    },
  },
  {
    name: 'list and retrieve return decorated file objects',
    async run({ client, dir }) {
      const { path, text } = writeSamples(dir, 'listed.jsonl');
      const file = await client.upload({ file: path, purpose: 'eval' });
      const list = await client.list();
      expect(list.object).toBe('list');
      const listed = list.data.find((item) => item.id === file.id);
      expect(listed).toMatchObject({ filename: 'listed.jsonl', purpose: 'eval' });
      expect(listed?.status).toBeDefined();
      expect(typeof list._requestId).toBe('string');
      const retrieved = await client.retrieve(file.id);
      expect(retrieved).toMatchObject({ id: file.id, filename: 'listed.jsonl', bytes: text.length });
      expect(Object.keys(retrieved)).not.toContain('_requestId');
      expect(retrieved.status_details).toBeNull();
    },
  },
  {
    name: 'delete, after which retrieve is a NotFoundError with status, request id and body',
    async run({ client, dir }) {
      const file = await client.upload({ file: writeSamples(dir, 'gone.jsonl').path, purpose: 'eval' });
      expect(await client.delete(file.id)).toMatchObject({ id: file.id, deleted: true });
      const error = await rejection(client.retrieve(file.id));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, error: { error: { message: expect.any(String) } } });
      expect(typeof (error as NotFoundError).requestId).toBe('string');
    },
  },
  {
    name: 'an unknown id is a NotFoundError',
    async run({ client }) {
      const error = await rejection(client.retrieveContent('file-does-not-exist'));
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).status).toBe(404);
    },
  },
  {
    name: 'a purpose that cannot be uploaded is refused before any request, naming the allowed ones',
    async run({ client, server, dir }) {
      await server.clearRequests();
      const { path } = writeSamples(dir);
      const error = await rejection(client.upload({ file: path, purpose: 'eval-output' as 'eval' }));
      expect(error).toBeInstanceOf(TogetherError);
      expect((error as Error).message).toMatch(/"fine-tune", "eval", "batch-api"/);
      expect(await apiRequests(server)).toEqual([]);
    },
  },
  {
    name: 'a file that fails the check is a FileCheckError with the line number, before any request',
    async run({ client, server, dir }) {
      await server.clearRequests();
      const { path } = writeSamples(dir, 'broken.jsonl', '{"text": "fine"}\n{"text": oops}\n');
      const error = await rejection(client.upload({ file: path }));
      expect(error).toBeInstanceOf(FileCheckError);
      expect((error as FileCheckError).report).toMatchObject({ is_check_passed: false, line_number: 2 });
      expect(await apiRequests(server)).toEqual([]);
    },
  },
  {
    name: 'check reports without uploading, for a path and for bytes',
    async run({ client, dir }) {
      expect(await client.check(writeSamples(dir).path)).toMatchObject({
        is_check_passed: true,
        num_samples: 3,
      });
      const bytes = new TextEncoder().encode('[1, 2]\n');
      const report = await client.check(bytes, { purpose: 'batch-api', filename: 'list.jsonl' });
      expect(report).toMatchObject({ is_check_passed: false, line_number: 1 });
    },
  },
  {
    name: 'a 503 is retried and the call succeeds',
    async run({ client, server }) {
      await server.clearRequests();
      await server.addFaults({ route: 'listFiles', status: 503, retryAfterMs: 10, times: 1 });
      expect((await client.list()).object).toBe('list');
      expect(await apiRequests(server)).toEqual(['listFiles', 'listFiles']);
    },
  },
  {
    name: 'a 503 that outlasts the retries is an InternalServerError',
    async run({ createClient, server }) {
      await server.addFaults({ route: 'listFiles', status: 503, retryAfterMs: 10, times: 2 });
      const error = await rejection(createClient({ maxRetries: 1 }).list());
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as InternalServerError).status).toBe(503);
    },
  },
  {
    name: 'a wrong key is an AuthenticationError',
    async run({ createClient }) {
      const error = await rejection(createClient({ apiKey: 'wrong-key' }).list());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).status).toBe(401);
    },
  },
  {
    name: 'waitForProcessing returns the file once its processing is final',
    async run({ client, dir }) {
      const file = await client.upload({ file: writeSamples(dir, 'processed.jsonl').path });
      const done = await client.waitForProcessing(file.id, { intervalMs: 20, timeoutMs: 20_000 });
      expect(done.processing_status).toBe('COMPLETED');
      expect(done.status).toBe('processed');
    },
  },
];
