import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer } from '../src/index.js';
import {
  AUTH,
  createUpload,
  jsonlDataset,
  randomData,
  send,
  sha256,
  uploadMultipart,
  uploadSingle,
  waitForProcessing,
} from './helpers.js';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'together-files-durability-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('restart with the same dataDir', () => {
  test('completed files come back with the same bytes and metadata; unfinished uploads do not', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    expect(first.dataDir).toBe(dataDir);
    const data = randomData(50_000);
    const batch = (await uploadSingle(first, data, { purpose: 'batch-api', file_name: 'keep.jsonl' })).json();
    const fineTune = (await uploadSingle(first, jsonlDataset(3))).json();
    const finished = await waitForProcessing(first, fineTune.id);
    // An upload whose bytes arrived is a file, preprocessed or not (together-typescript never preprocesses)...
    const stored = await createUpload(first, { purpose: 'batch-api', file_name: 'stored.jsonl' });
    await send(stored.headers.location!, { method: 'PUT', body: jsonlDataset(1) });
    const storedId = stored.headers['x-together-file-id'] as string;
    // ...one whose bytes never came is not.
    const pending = await createUpload(first, { purpose: 'fine-tune', file_name: 'pending.jsonl' });
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const list = (await send(`${second.baseURL}/files`, { headers: AUTH })).json();
      expect(list.data.map((file: { id: string }) => file.id).sort()).toEqual(
        [batch.id, fineTune.id, storedId].sort(),
      );
      expect((await send(`${second.baseURL}/files/${batch.id}`, { headers: AUTH })).json()).toEqual(batch);
      expect((await send(`${second.baseURL}/files/${fineTune.id}`, { headers: AUTH })).json()).toEqual(
        finished,
      );
      const content = await send(`${second.baseURL}/files/${batch.id}/content`, { headers: AUTH });
      expect(sha256(content.body)).toBe(sha256(data));
      expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
      // The old presigned URL died with the old server.
      expect(
        (await send(pending.headers.location!.replace(first.url, second.url), { method: 'PUT', body: 'x' }))
          .status,
      ).toBe(403);
    } finally {
      await second.close();
    }
    // A given dataDir is kept on close.
    expect((await readdir(join(dataDir, 'blobs'))).sort()).toEqual([batch.id, fineTune.id, storedId].sort());
  });

  test('after a crash, temp files, orphan blobs and broken metadata are cleaned up and never listed', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    const kept = (
      await uploadSingle(first, randomData(1000), { purpose: 'batch-api', file_name: 'k.jsonl' })
    ).json();
    await first.close();
    // What a crash can leave: a half-written temp blob and metadata temp, a blob renamed in without its metadata,
    // metadata whose blob is short, and metadata that is not JSON.
    await writeFile(join(dataDir, 'tmp', 'file-half.0123456789ab.tmp'), randomData(500));
    await writeFile(join(dataDir, 'tmp', 'file-half.json.abcdef012345.tmp'), '{"file":');
    await writeFile(join(dataDir, 'blobs', 'file-orphan'), randomData(10));
    const short = { ...kept, id: 'file-short', bytes: 999 };
    await writeFile(join(dataDir, 'files', 'file-short.json'), JSON.stringify({ file: short, sha256: 'x' }));
    await writeFile(join(dataDir, 'blobs', 'file-short'), randomData(10));
    await writeFile(join(dataDir, 'files', 'file-garbage.json'), 'not json');

    const second = await startServer({ dataDir });
    try {
      const list = (await send(`${second.baseURL}/files`, { headers: AUTH })).json();
      expect(list.data.map((file: { id: string }) => file.id)).toEqual([kept.id]);
      for (const id of ['file-half', 'file-orphan', 'file-short', 'file-garbage']) {
        expect((await send(`${second.baseURL}/files/${id}`, { headers: AUTH })).status).toBe(404);
      }
      expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
      expect(await readdir(join(dataDir, 'blobs'))).toEqual([kept.id]);
      expect(await readdir(join(dataDir, 'files'))).toEqual([`${kept.id}.json`]);
    } finally {
      await second.close();
    }
  });

  test('a fine-tune file left QUEUED by a crash is validated on the next start', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    const file = (await uploadSingle(first, jsonlDataset(2))).json();
    await waitForProcessing(first, file.id);
    await first.close();
    const metadataPath = join(dataDir, 'files', `${file.id}.json`);
    const entry = JSON.parse(await readFile(metadataPath, 'utf8'));
    entry.file.processing_status = 'QUEUED';
    delete entry.file.validation_report;
    await writeFile(metadataPath, JSON.stringify(entry));

    const second = await startServer({ dataDir });
    try {
      const done = await waitForProcessing(second, file.id);
      expect(done.processing_status).toBe('COMPLETED');
      expect(done.validation_report.valid).toBe(true);
    } finally {
      await second.close();
    }
  });

  test('a file left RUNNING (the process died validating it) fails with a report: a restart never loops', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    const file = (await uploadSingle(first, jsonlDataset(2))).json();
    await waitForProcessing(first, file.id);
    await first.close();
    const metadataPath = join(dataDir, 'files', `${file.id}.json`);
    const entry = JSON.parse(await readFile(metadataPath, 'utf8'));
    entry.file.processing_status = 'RUNNING';
    delete entry.file.validation_report;
    await writeFile(metadataPath, JSON.stringify(entry));

    const second = await startServer({ dataDir });
    try {
      const done = await waitForProcessing(second, file.id);
      expect(done.processing_status).toBe('FAILED');
      expect(done.validation_report.error).toMatch(
        /stopped while it validated this file; it is not validated again/,
      );
    } finally {
      await second.close();
    }
  });

  test('a multipart file comes back after a restart, read across its parts, its sha256 known', async () => {
    const dataDir = await freshDir();
    const parts = [randomData(5 * 1024 * 1024), randomData(5000)];
    const whole = Buffer.concat(parts);
    const first = await startServer({ dataDir });
    const file = (await uploadMultipart(first, parts)).json();
    await first.close();
    // As if close() had cut the background hash short: the next start hashes again.
    const metadataPath = join(dataDir, 'files', `${file.id}.json`);
    const entry = JSON.parse(await readFile(metadataPath, 'utf8'));
    expect(entry.parts).toEqual([parts[0]!.length, parts[1]!.length]);
    delete entry.sha256;
    await writeFile(metadataPath, JSON.stringify(entry));

    const second = await startServer({ dataDir });
    try {
      expect((await send(`${second.baseURL}/files/${file.id}`, { headers: AUTH })).json()).toEqual(file);
      const content = await send(`${second.baseURL}/files/${file.id}/content`, { headers: AUTH });
      expect(sha256(content.body)).toBe(sha256(whole));
      const boundary = parts[0]!.length;
      const range = await send(`${second.baseURL}/files/${file.id}/content`, {
        headers: { ...AUTH, range: `bytes=${boundary - 3}-${boundary + 2}` },
      });
      expect(range.body.equals(whole.subarray(boundary - 3, boundary + 3))).toBe(true);
      const duplicate = await createUpload(second, {
        purpose: 'batch-api',
        file_name: 'again.jsonl',
        checksum: sha256(whole),
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.json().file_id).toBe(file.id);
    } finally {
      await second.close();
    }
    expect(JSON.parse(await readFile(metadataPath, 'utf8')).sha256).toBe(sha256(whole));
  });

  test('a multipart file with a missing or short part is dropped on start, folder and all', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    const parts = [randomData(5 * 1024 * 1024), randomData(10)];
    const missing = (await uploadMultipart(first, parts)).json();
    const short = (await uploadMultipart(first, parts)).json();
    const kept = (await uploadMultipart(first, parts)).json();
    await first.close();
    await rm(join(dataDir, 'blobs', missing.id, '2'));
    await writeFile(join(dataDir, 'blobs', short.id, '1'), randomData(10));

    const second = await startServer({ dataDir });
    try {
      const list = (await send(`${second.baseURL}/files`, { headers: AUTH })).json();
      expect(list.data.map((entry: { id: string }) => entry.id)).toEqual([kept.id]);
      expect(await readdir(join(dataDir, 'blobs'))).toEqual([kept.id]);
      expect(await readdir(join(dataDir, 'files'))).toEqual([`${kept.id}.json`]);
    } finally {
      await second.close();
    }
  });

  test('without dataDir the store is a temp folder removed on close', async () => {
    const server = await startServer();
    await uploadSingle(server, randomData(10), { purpose: 'batch-api', file_name: 'x.jsonl' });
    expect((await readdir(server.dataDir)).sort()).toEqual([
      '.together-files-store',
      'blobs',
      'files',
      'signing-key',
      'tmp',
      'uploads',
    ]);
    await server.close();
    await expect(readdir(server.dataDir)).rejects.toThrow(/ENOENT/);
  });
  test('a default temp store is named for its pid; starting removes those of dead processes only', async () => {
    // A pid that ran and is gone, and one that runs: this process's parent.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = await mkdtemp(join(tmpdir(), `together-files-server-${deadPid}-`));
    const live = await mkdtemp(join(tmpdir(), `together-files-server-${process.ppid}-`));
    const unnamed = await mkdtemp(join(tmpdir(), 'together-files-server-'));
    dirs.push(stale, live, unnamed);
    await writeFile(join(stale, 'leftover'), 'x');
    const server = await startServer();
    try {
      expect(server.dataDir).toContain(`together-files-server-${process.pid}-`);
      await expect(readdir(stale)).rejects.toThrow(/ENOENT/);
      expect(await readdir(live)).toEqual([]);
      expect(await readdir(unnamed)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('close()', () => {
  test('ends a request waiting in a fault delay and waits for handlers in flight', async () => {
    const server = await startServer({ faults: [{ route: 'listFiles', delayMs: 60_000 }] });
    const pending = send(`${server.baseURL}/files`, { headers: AUTH }).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBe('cut off');
  });
});
