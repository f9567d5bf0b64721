import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Together } from '../src/index.js';
import { API_KEY, MiB, sha256 } from './helpers.js';
import { runChild } from './transfer-child.js';

// Download resume across processes: a child downloads to `output` and SIGKILLs itself part-way; the partial file
// and its description stay beside `output`, and the next call continues them. 12 MiB.
const SIZE = 12 * MiB;
let server: ServerHandle;
let dir: string;
let data: Buffer;
let fileId: string;

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY, recordHeaders: true });
  dir = mkdtempSync(join(tmpdir(), 'together-files-resume-dl-'));
  data = randomBytes(SIZE);
  const client = new Together({ apiKey: API_KEY, baseURL: server.baseURL });
  const file = await client.files.upload({
    file: data,
    filename: 'dl.jsonl',
    purpose: 'batch-api',
    check: false,
  });
  fileId = file.id;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function contentRequests() {
  return server.requests.filter((request) => request.route === 'retrieveFileContent');
}

async function crash(output: string, killAt: number) {
  const run = await runChild({
    op: 'download',
    baseURL: server.baseURL,
    apiKey: API_KEY,
    id: fileId,
    output,
    killAt,
  });
  expect(run.signal, run.stderr).toBe('SIGKILL');
  const partial = join(dir, `.${output.split('/').pop()}.partial`);
  expect(existsSync(partial)).toBe(true);
  return { partial, info: JSON.parse(readFileSync(`${partial}.json`, 'utf8')) };
}

describe('a download continues in a new process', () => {
  test('the next call asks for the rest with Range and If-Range; the file is whole; nothing else stays', async () => {
    const output = join(dir, 'basic.bin');
    const { partial, info } = await crash(output, 6 * MiB);
    expect(info).toMatchObject({ size: SIZE, etag: expect.stringMatching(/^"/) });
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(0);
    server.clearRequests();
    const run = await runChild({
      op: 'download',
      baseURL: server.baseURL,
      apiKey: API_KEY,
      id: fileId,
      output,
    });
    expect(run.error).toBeUndefined();
    const [request] = contentRequests();
    expect(request?.headers.range).toBe(`bytes=${kept}-`);
    expect(request?.headers['if-range']).toBe(info.etag);
    expect(run.progress[0]).toMatchObject({ loaded: kept, total: SIZE, resumed: { bytes: kept } });
    expect(run.result).toMatchObject({ path: output, bytes: SIZE, sha256: sha256(data) });
    expect(sha256(readFileSync(output))).toBe(sha256(data));
    expect(readdirSync(dir).filter((name) => name.startsWith('.basic'))).toEqual([]);
  });

  test('content that changed (its validator no longer matches) starts over from byte 0', async () => {
    const output = join(dir, 'changed.bin');
    const { partial, info } = await crash(output, 6 * MiB);
    writeFileSync(`${partial}.json`, JSON.stringify({ ...info, etag: '"0123456789abcdef0123456789abcdef"' }));
    server.clearRequests();
    const run = await runChild({
      op: 'download',
      baseURL: server.baseURL,
      apiKey: API_KEY,
      id: fileId,
      output,
    });
    expect(run.error).toBeUndefined();
    const [request] = contentRequests();
    // The server answered 200 with everything; the client dropped the old bytes instead of splicing.
    expect(request?.headers['if-range']).toBe('"0123456789abcdef0123456789abcdef"');
    expect(run.result).toMatchObject({ bytes: SIZE, sha256: sha256(data) });
    expect(sha256(readFileSync(output))).toBe(sha256(data));
  });

  test('resume: false drops the partial file and downloads from byte 0', async () => {
    const output = join(dir, 'fresh.bin');
    await crash(output, 6 * MiB);
    server.clearRequests();
    const run = await runChild({
      op: 'download',
      baseURL: server.baseURL,
      apiKey: API_KEY,
      id: fileId,
      output,
      resume: false,
    });
    expect(run.error).toBeUndefined();
    expect(contentRequests()[0]?.headers.range).toBeUndefined();
    expect(run.progress[0]).toMatchObject({ loaded: 0 });
    expect(sha256(readFileSync(output))).toBe(sha256(data));
  });

  test('a failure in the process (not a crash) leaves nothing behind, as before', async () => {
    const output = join(dir, 'failed.bin');
    const client = new Together({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 0 });
    server.faults.add({ route: 'retrieveFileContent', resetAfterBytes: MiB });
    await expect(client.files.retrieveContent(fileId, { output })).rejects.toThrow();
    expect(readdirSync(dir).filter((name) => name.includes('failed'))).toEqual([]);
  });
});
