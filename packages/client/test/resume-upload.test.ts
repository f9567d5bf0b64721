import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { APIUserAbortError, Together } from '../src/index.js';
import { API_KEY, jsonl, MiB, sha256 } from './helpers.js';
import { type ChildTask, runChild } from './transfer-child.js';

// Resuming across processes: a child process uploads and SIGKILLs itself part-way (a crash), the next child with
// the same path continues. 26 MiB in 5 MiB parts (6 parts, the last 1 MiB), 2 in flight.
const SIZE = 26 * MiB;
const PART = 5 * MiB;
const PARTS = Math.ceil(SIZE / PART);

let dir: string;
let source: string;
let data: Buffer;
const servers: ServerHandle[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'together-files-resume-'));
  data = randomBytes(SIZE);
  source = join(dir, 'data.jsonl');
  writeFileSync(source, data);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer({ apiKey: API_KEY, recordHeaders: true, ...options });
  servers.push(server);
  return server;
}

function stateDirFor(name: string): string {
  return mkdtempSync(join(dir, `${name}-`));
}

function task(server: ServerHandle, stateDir: string, extra: Partial<ChildTask> = {}): ChildTask {
  return {
    op: 'upload',
    baseURL: server.baseURL,
    apiKey: API_KEY,
    file: source,
    stateDir,
    threshold: PART,
    partSize: PART,
    concurrency: 2,
    ...extra,
  };
}

/** The journals in a state folder (parsed), and every name there. */
function journals(stateDir: string) {
  const folder = join(stateDir, 'uploads');
  const names = readdirSync(folder);
  return {
    names,
    saved: names
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8'))),
  };
}

/** Part numbers PUT to storage, in the order the server received them. */
function partsPut(server: ServerHandle): number[] {
  return server.requests
    .filter((request) => request.route === 'storagePut')
    .map((request) => Number(request.path.split('/').pop()));
}

async function content(server: ServerHandle, id: string): Promise<Buffer> {
  const response = await fetch(`${server.baseURL}/files/${id}/content`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  return Buffer.from(await response.arrayBuffer());
}

/** Kills a first run once `killAt` bytes went out; returns the journal it left. */
async function crash(server: ServerHandle, stateDir: string, killAt: number, extra: Partial<ChildTask> = {}) {
  const first = await runChild(task(server, stateDir, { killAt, ...extra }));
  expect(first.signal, first.stderr).toBe('SIGKILL');
  const [journal] = journals(stateDir).saved;
  expect(journal).toBeDefined();
  return journal;
}

describe('a multipart upload resumes in a new process', () => {
  test('only unconfirmed parts are sent again; progress starts from the confirmed bytes; the journal goes', async () => {
    const server = await start();
    const stateDir = stateDirFor('basic');
    const journal = await crash(server, stateDir, 3 * PART + 1);
    const confirmed = Object.keys(journal.confirmed).map(Number);
    expect(confirmed.length).toBeGreaterThanOrEqual(2);
    expect(journal.source).toMatchObject({ path: source, size: SIZE });
    expect(journal.urls).toHaveLength(PARTS);
    expect(journal.urlsExpireAt).toBeGreaterThan(Date.now());
    const firstRun = partsPut(server);
    server.clearRequests();

    const second = await runChild(task(server, stateDir));
    expect(second.error).toBeUndefined();
    expect(second.result.id).toBe(journal.fileId);
    const resent = partsPut(server);
    // Nothing confirmed goes again; only parts the first run had started (in flight at the kill) and new ones.
    expect(resent.filter((part) => confirmed.includes(part))).toEqual([]);
    expect(resent.sort()).toEqual(
      Array.from({ length: PARTS }, (_, index) => index + 1).filter((part) => !confirmed.includes(part)),
    );
    expect(firstRun.filter((part) => resent.includes(part)).length).toBeLessThanOrEqual(2);
    const confirmedBytes = confirmed.reduce((sum, part) => sum + Math.min(PART, SIZE - (part - 1) * PART), 0);
    expect(second.progress[0]).toMatchObject({
      loaded: confirmedBytes,
      total: SIZE,
      resumed: { parts: confirmed.length, bytes: confirmedBytes },
    });
    expect(second.progress.at(-1)?.loaded).toBe(SIZE);
    expect(sha256(await content(server, second.result.id))).toBe(sha256(data));
    // Only the completed upload's routes; nothing was initiated again.
    expect(server.requests.some((request) => request.route === 'initiateMultipartUpload')).toBe(false);
    // No file in the state folder names the upload any more.
    const left = journals(stateDir).names;
    for (const name of left) {
      expect(readFileSync(join(stateDir, 'uploads', name), 'utf8')).not.toContain(journal.uploadId);
    }
    expect(left.filter((name) => name.endsWith('.json'))).toEqual([]);
  });

  test('resume: false neither reads nor writes a journal: the upload starts anew', async () => {
    const server = await start();
    const stateDir = stateDirFor('off');
    const journal = await crash(server, stateDir, PART + 1);
    server.clearRequests();
    const second = await runChild(task(server, stateDir, { resume: false }));
    expect(second.result.id).not.toBe(journal.fileId);
    expect(partsPut(server)).toHaveLength(PARTS);
    expect(journals(stateDir).saved).toEqual([journal]);
  });

  test('a changed source starts anew and aborts the old upload', async () => {
    const server = await start();
    const stateDir = stateDirFor('changed');
    const changed = join(dir, 'changed.jsonl');
    writeFileSync(changed, data);
    const journal = await crash(server, stateDir, 2 * PART, { file: changed });
    const edited = Buffer.from(data);
    edited[0] = edited[0]! ^ 0xff;
    writeFileSync(changed, edited);
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    server.clearRequests();
    const second = await runChild(task(server, stateDir, { file: changed }));
    expect(second.result.id).not.toBe(journal.fileId);
    const routes = server.requests.map((request) => request.route);
    expect(routes.slice(0, 2)).toEqual(['abortMultipartUpload', 'initiateMultipartUpload']);
    expect(partsPut(server)).toHaveLength(PARTS);
    expect(sha256(await content(server, second.result.id))).toBe(sha256(edited));
  });

  test('the same size and mtime with other bytes: the checksum tells, the upload starts anew', async () => {
    const server = await start();
    const stateDir = stateDirFor('checksum');
    const path = join(dir, 'same-stat.jsonl');
    const original = Buffer.from(jsonl(SIZE));
    writeFileSync(path, original);
    // Whole seconds, so the mtime put back after the edit is exactly the one the journal holds.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const journal = await crash(server, stateDir, 2 * PART, { file: path, check: true });
    expect(journal.source).toMatchObject({ size: original.byteLength, checksum: sha256(original) });
    const edited = Buffer.from(original);
    const at = edited.indexOf('sample 1 ');
    edited.write('s', at + 'sample 1 '.length); // "lorem" → "sorem": same size, still valid JSONL
    writeFileSync(path, edited);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect(statSync(path).mtimeMs).toBe(journal.source.mtimeMs);
    server.clearRequests();
    const second = await runChild(task(server, stateDir, { file: path, check: true }));
    expect(second.error).toBeUndefined();
    expect(second.result.id).not.toBe(journal.fileId);
    expect(server.requests.map((request) => request.route).slice(0, 2)).toEqual([
      'abortMultipartUpload',
      'initiateMultipartUpload',
    ]);
    expect(sha256(await content(server, second.result.id))).toBe(sha256(edited));
  });

  test("the caller's AbortSignal pauses: the journal and the upload stay, and the next upload resumes", async () => {
    const server = await start();
    const stateDir = stateDirFor('signal');
    const options = { multipartThreshold: PART, partSize: PART, concurrency: 1, stateDir };
    const client = new Together({
      apiKey: API_KEY,
      baseURL: server.baseURL,
      upload: options,
      logLevel: 'off',
    });
    const controller = new AbortController();
    const error = await client.files
      .upload({
        file: source,
        purpose: 'batch-api',
        check: false,
        signal: controller.signal,
        // Once the second part is on its way, the first is confirmed (one part at a time).
        onProgress: ({ loaded }) => (loaded > PART ? controller.abort() : undefined),
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).paused).toEqual({ confirmedParts: 1, parts: PARTS });
    expect((error as Error).message).toMatch(/^Upload paused: 1 of 6 parts are uploaded/);
    const [journal] = journals(stateDir).saved;
    expect(Object.keys(journal.confirmed)).toEqual(['1']);
    expect(server.requests.some((request) => request.route === 'abortMultipartUpload')).toBe(false);
    server.clearRequests();
    const file = await client.files.upload({ file: source, purpose: 'batch-api', check: false });
    expect(file.id).toBe(journal.fileId);
    expect(partsPut(server).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    expect(sha256(await content(server, file.id))).toBe(sha256(data));
    // Without a journal an abort still aborts the upload on the service (other bytes: the same would answer 409).
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, randomBytes(SIZE));
    const aborting = new AbortController();
    server.clearRequests();
    await expect(
      client.files.upload({
        file: other,
        purpose: 'batch-api',
        check: false,
        resume: false,
        signal: aborting.signal,
        onProgress: ({ loaded }) => (loaded > PART ? aborting.abort() : undefined),
      }),
    ).rejects.toSatisfy((caught) => caught instanceof APIUserAbortError && caught.paused === undefined);
    expect(server.requests.some((request) => request.route === 'abortMultipartUpload')).toBe(true);
  });

  test('expired part URLs start anew and abort the old upload', async () => {
    const server = await start({ presignTTL: 62 });
    const stateDir = stateDirFor('expired');
    const journal = await crash(server, stateDir, PART + 1);
    // The client keeps a minute of margin: URLs with 62 s left count as expired after 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    server.clearRequests();
    const second = await runChild(task(server, stateDir));
    expect(second.result.id).not.toBe(journal.fileId);
    expect(server.requests.map((request) => request.route).slice(0, 2)).toEqual([
      'abortMultipartUpload',
      'initiateMultipartUpload',
    ]);
    expect(sha256(await content(server, second.result.id))).toBe(sha256(data));
  });

  test('an upload the service no longer knows (aborted meanwhile) starts anew', async () => {
    const server = await start();
    const stateDir = stateDirFor('unknown');
    const journal = await crash(server, stateDir, PART + 1);
    const aborted = await fetch(`${server.baseURL}/files/multipart/abort`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ upload_id: journal.uploadId, file_id: journal.fileId }),
    });
    expect(aborted.status).toBe(200);
    server.clearRequests();
    const second = await runChild(task(server, stateDir));
    expect(second.error).toBeUndefined();
    expect(second.result.id).not.toBe(journal.fileId);
    expect(server.requests.map((request) => request.route)).toContain('initiateMultipartUpload');
    expect(sha256(await content(server, second.result.id))).toBe(sha256(data));
    expect(journals(stateDir).saved).toEqual([]);
  });

  test('a server restart between the runs: the upload continues on the restarted server', async () => {
    const dataDir = mkdtempSync(join(dir, 'server-'));
    const first = await start({ dataDir, port: 0 });
    const stateDir = stateDirFor('restart');
    const journal = await crash(first, stateDir, 3 * PART);
    const { port } = new URL(first.url);
    await first.close();
    const second = await start({ dataDir, port: Number(port) });
    const run = await runChild(task(second, stateDir));
    expect(run.error).toBeUndefined();
    expect(run.result.id).toBe(journal.fileId);
    expect(partsPut(second).length).toBeLessThan(PARTS);
    expect(sha256(await content(second, run.result.id))).toBe(sha256(data));
  });

  test('two processes resuming the same journal at once: one completes, the other refuses at once', async () => {
    const server = await start();
    const stateDir = stateDirFor('race');
    const journal = await crash(server, stateDir, PART + 1);
    // Slow storage keeps the winner busy while the other starts.
    server.faults.add({ route: 'storagePut', delayMs: 1500, times: PARTS });
    const runs = await Promise.all([runChild(task(server, stateDir)), runChild(task(server, stateDir))]);
    const winners = runs.filter((run) => run.result);
    const losers = runs.filter((run) => run.error);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.error!.message).toMatch(/Another process \(pid \d+\) is uploading .*data\.jsonl/);
    expect(winners[0]!.result.id).toBe(journal.fileId);
    expect(sha256(await content(server, journal.fileId))).toBe(sha256(data));
    expect(journals(stateDir).names).toEqual([]);
  });

  test('the sync client resumes a journal the promise client left', async () => {
    const server = await start();
    const stateDir = stateDirFor('sync');
    const journal = await crash(server, stateDir, 2 * PART + 1);
    const run = await runChild(task(server, stateDir, { client: 'sync' }));
    expect(run.error).toBeUndefined();
    expect(run.result.id).toBe(journal.fileId);
    expect(run.progress[0]?.resumed?.parts).toBe(Object.keys(journal.confirmed).length);
    expect(sha256(await content(server, journal.fileId))).toBe(sha256(data));
  });
});
