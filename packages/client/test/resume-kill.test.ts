import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// The repo's one seeded generator (mulberry32), shared with the bench and the fault suite: each seed's kill point
// is the same on every run.
import { seededRandom as seeded } from '../../../bench/lib/seeded-random.mjs';
import { Together } from '../src/index.js';
import { API_KEY, MiB, sha256 } from './helpers.js';
import { runChild } from './transfer-child.js';

// The SIGKILL suite: a client process is killed at a seeded byte of a multipart upload and of a download, then the
// same call runs again in a new process, 20 seeds each. The issue asks for 2 GiB / 1 GiB; CI's whole test command
// must stay well under 20 minutes on 2 cores, so the sizes are 20 MiB (four 5 MiB parts, storage's smallest, two in
// flight) and 16 MiB: every code path of the big transfer is crossed (parts in flight, confirmed parts, the last
// part, complete; the partial file and its write buffer), at about a second per run.
const UPLOAD_SIZE = 20 * MiB;
const PART = 5 * MiB;
const CONCURRENCY = 2;
const DOWNLOAD_SIZE = 16 * MiB;
/** What the download's file stream may hold unwritten (4 MiB, download-to-file.ts) plus a chunk in hand. */
const UNWRITTEN = 5 * MiB;
const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);

let server: ServerHandle;
let dir: string;
let upload: Buffer;
let uploadPath: string;
let download: Buffer;
let downloadId: string;

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY, recordHeaders: true });
  dir = mkdtempSync(join(tmpdir(), 'together-files-kill-'));
  upload = randomBytes(UPLOAD_SIZE);
  uploadPath = join(dir, 'upload.jsonl');
  writeFileSync(uploadPath, upload);
  download = randomBytes(DOWNLOAD_SIZE);
  const client = new Together({ apiKey: API_KEY, baseURL: server.baseURL });
  downloadId = (
    await client.files.upload({ file: download, filename: 'dl.jsonl', purpose: 'batch-api', check: false })
  ).id;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const partBytes = (part: number) => Math.min(PART, UPLOAD_SIZE - (part - 1) * PART);
const partsPut = () =>
  server.requests
    .filter((request) => request.route === 'storagePut')
    .map((request) => Number(request.path.split('/').pop()));

async function contentOf(id: string): Promise<Buffer> {
  const response = await fetch(`${server.baseURL}/files/${id}/content`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  return Buffer.from(await response.arrayBuffer());
}

describe('SIGKILL during a multipart upload, then the same call again', () => {
  test.each(SEEDS)('seed %i', async (seed) => {
    const killAt = 1 + Math.floor(seeded(seed)() * UPLOAD_SIZE);
    const stateDir = mkdtempSync(join(dir, `up-${seed}-`));
    const task = {
      op: 'upload' as const,
      baseURL: server.baseURL,
      apiKey: API_KEY,
      file: uploadPath,
      stateDir,
      threshold: PART,
      partSize: PART,
      concurrency: CONCURRENCY,
    };
    server.clearRequests();
    const first = await runChild({ ...task, killAt });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const folder = join(stateDir, 'uploads');
    const journalName = readdirSync(folder).find((name) => name.endsWith('.json'));
    const journal = journalName ? JSON.parse(readFileSync(join(folder, journalName), 'utf8')) : undefined;
    const confirmed = new Set(Object.keys(journal?.confirmed ?? {}).map(Number));
    const started = new Set(partsPut());
    // In flight at the kill: started by the first run, not confirmed in its journal.
    const inFlight = [...started].filter((part) => !confirmed.has(part));
    server.clearRequests();

    const second = await runChild(task);
    expect(second.error, second.stderr).toBeUndefined();
    const resent = partsPut().filter((part) => started.has(part));
    for (const part of resent) expect(inFlight).toContain(part);
    const resentBytes = resent.reduce((sum, part) => sum + partBytes(part), 0);
    expect(resentBytes).toBeLessThanOrEqual(inFlight.reduce((sum, part) => sum + partBytes(part), 0));
    expect(resentBytes).toBeLessThanOrEqual(CONCURRENCY * PART);
    if (journal) expect(second.result.id).toBe(journal.fileId);
    expect(sha256(await contentOf(second.result.id))).toBe(sha256(upload));
    expect(readdirSync(folder).filter((name) => name.endsWith('.json'))).toEqual([]);
    await fetch(`${server.baseURL}/files/${second.result.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
  });
});

describe('SIGKILL during a download to a file, then the same call again', () => {
  test.each(SEEDS)('seed %i', async (seed) => {
    const killAt = 1 + Math.floor(seeded(1000 + seed)() * DOWNLOAD_SIZE);
    const output = join(dir, `dl-${seed}.bin`);
    const partial = join(dir, `.dl-${seed}.bin.partial`);
    const task = {
      op: 'download' as const,
      baseURL: server.baseURL,
      apiKey: API_KEY,
      id: downloadId,
      output,
    };
    const first = await runChild({ ...task, killAt });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const loadedAtKill = first.progress.at(-1)?.loaded ?? 0;
    const kept = existsSync(partial) ? statSync(partial).size : 0;
    // What the kill lost is at most what the file stream still held.
    expect(loadedAtKill - kept).toBeLessThanOrEqual(UNWRITTEN);
    server.clearRequests();

    const second = await runChild(task);
    expect(second.error, second.stderr).toBeUndefined();
    const [request] = server.requests.filter((entry) => entry.route === 'retrieveFileContent');
    // Nothing on disk is fetched again.
    if (kept > 0) expect(request?.headers.range).toBe(`bytes=${kept}-`);
    expect(second.result).toMatchObject({ bytes: DOWNLOAD_SIZE, sha256: sha256(download) });
    expect(sha256(readFileSync(output))).toBe(sha256(download));
    expect(readdirSync(dir).filter((name) => name.startsWith(`.dl-${seed}.`))).toEqual([]);
    rmSync(output);
  });
});
