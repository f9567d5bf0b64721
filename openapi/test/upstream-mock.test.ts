// Our clients against a mock of Together's official description (openapi/upstream/files.yaml, the vendored
// extract, not our overlay): every request they send must validate against what Together publishes, and every
// answer it describes must parse. Prism runs with --errors, so a request that violates the description fails the
// call, and its log is checked for violations as well.
//
// The one-shot upload: the promise client sends `POST /files/upload` where a redirect's Location cannot be read
// (browsers; Node takes the `POST /files` redirect, which upstream does not describe). It is driven here through
// core's `uploadOneShot`, the code the client runs there. The sync client runs on Node only, so it has no one-shot
// path to test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Together } from '@together-files/client';
import { createFilesContext } from '@together-files/core';
import { TogetherSync } from '@together-files/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uploadOneShot } from '../../packages/core/src/operations/upload-single.js';
import { createProgressReporter } from '../../packages/core/src/transfer/progress.js';
import { type PrismMock, startPrism } from './prism.js';

const spec = join(import.meta.dirname, '..', 'upstream', 'files.yaml');
const settings = (url: string) => ({ apiKey: 'sk-prism-0123456789', baseURL: url, maxRetries: 0 });
const options = (url: string) => ({
  ...settings(url),
  logger: { error() {}, warn() {}, info() {}, debug() {} },
});

let prism: PrismMock;
let dir: string;
beforeAll(async () => {
  prism = await startPrism(spec);
  dir = mkdtempSync(join(tmpdir(), 'prism-'));
}, 180_000);
afterAll(async () => {
  await prism?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('the promise client against a mock of the official description', () => {
  test('list, retrieve, content as text, to a file and as a stream, delete: each request validates', async () => {
    const before = prism.violations().length;
    const { files } = new Together(options(prism.url));
    const list = await files.list();
    expect(Array.isArray(list.data)).toBe(true);
    expect(list.data[0]).toMatchObject({ object: 'file' });
    const file = await files.retrieve('file-prism-1');
    expect(typeof file.id).toBe('string');
    expect(typeof file.bytes).toBe('number');
    const text = await files.retrieveContent('file-prism-1');
    expect(typeof text).toBe('string');
    const saved = await files.retrieveContent('file-prism-1', { output: join(dir, 'promise.txt') });
    expect(readFileSync(saved.path, 'utf8')).toBe(text);
    expect(await readAll(await files.content('file-prism-1'))).toBe(text);
    const deleted = await files.delete('file-prism-1');
    expect(typeof deleted.deleted).toBe('boolean');
    expect(prism.violations().slice(before)).toEqual([]);
  });

  test('the one-shot upload (POST /files/upload, the browser path) validates', async () => {
    const before = prism.violations().length;
    const context = createFilesContext(options(prism.url));
    const bytes = new TextEncoder().encode('{"text": "one"}\n{"text": "two"}\n');
    const file = await uploadOneShot(context, {
      source: { kind: 'blob', name: 'train.jsonl', size: bytes.byteLength, blob: new Blob([bytes]) },
      purpose: 'fine-tune',
      fileType: 'jsonl',
      signal: undefined,
      progress: createProgressReporter({ total: bytes.byteLength, listener: undefined }),
    });
    expect(file).toMatchObject({ object: 'file' });
    expect(prism.violations().slice(before)).toEqual([]);
  });

  test('a request the description does not allow is caught: the check is not blind', async () => {
    const before = prism.violations().length;
    const response = await fetch(`${prism.url}/files/file-prism-1/content`, {
      headers: { authorization: 'Bearer sk-prism-0123456789', accept: 'application/binary' },
    });
    // What the official SDKs' Accept alone gets from a strict reading of the description.
    expect(response.status).toBe(406);
    const noAuth = await fetch(`${prism.url}/files`);
    expect(noAuth.status).toBe(401);
    expect(prism.violations().slice(before).join('\n')).toMatch(
      /NOT_ACCEPTABLE[\s\S]*Invalid security scheme/,
    );
  });
});

describe('the sync client against a mock of the official description', () => {
  test('list, retrieve, content as text and to a file, delete: each request validates', () => {
    const before = prism.violations().length;
    const client = new TogetherSync(settings(prism.url));
    try {
      const { files } = client;
      expect(files.list().data[0]).toMatchObject({ object: 'file' });
      expect(typeof files.retrieve('file-prism-2').id).toBe('string');
      const text = files.retrieveContent('file-prism-2');
      expect(typeof text).toBe('string');
      const saved = files.retrieveContent('file-prism-2', { output: join(dir, 'sync.txt') });
      expect(readFileSync(saved.path, 'utf8')).toBe(text);
      expect(typeof files.delete('file-prism-2').deleted).toBe('boolean');
      expect(prism.violations().slice(before)).toEqual([]);
    } finally {
      client.close();
    }
  });
});
