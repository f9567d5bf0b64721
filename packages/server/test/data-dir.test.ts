// Issue 13, item 4: `--data DIR` must never delete what it did not make.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer } from '../src/index.js';
import { randomData, uploadSingle } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'together-files-data-dir-'));
  dirs.push(dir);
  return dir;
}

describe('the data folder', () => {
  test('a folder that holds other things is refused, and nothing in it is touched', async () => {
    const dataDir = await freshDir();
    // What a user's folder may hold, including folders named like the store's.
    await mkdir(join(dataDir, 'tmp'));
    await mkdir(join(dataDir, 'files'));
    await mkdir(join(dataDir, 'blobs'));
    await writeFile(join(dataDir, 'tmp', 'draft.txt'), 'mine');
    await writeFile(join(dataDir, 'files', 'notes.json'), '{"mine": true}');
    await writeFile(join(dataDir, 'blobs', 'photo'), 'mine');
    await writeFile(join(dataDir, 'thesis.tex'), 'mine');
    await expect(startServer({ dataDir })).rejects.toThrow(
      /holds other things .*thesis\.tex.*not a together-files store/,
    );
    expect(await readFile(join(dataDir, 'tmp', 'draft.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(dataDir, 'files', 'notes.json'), 'utf8')).toBe('{"mine": true}');
    expect(await readFile(join(dataDir, 'blobs', 'photo'), 'utf8')).toBe('mine');
    expect((await readdir(dataDir)).sort()).toEqual(['blobs', 'files', 'thesis.tex', 'tmp']);
  });

  test('only the store folders, but with names the store never gives: refused too', async () => {
    const dataDir = await freshDir();
    await mkdir(join(dataDir, 'files'));
    await writeFile(join(dataDir, 'files', 'notes.json'), 'mine');
    await expect(startServer({ dataDir })).rejects.toThrow(/not a together-files store/);
    expect(await readdir(join(dataDir, 'files'))).toEqual(['notes.json']);
  });

  test('a new or empty folder becomes a marked store, kept across restarts', async () => {
    const dataDir = join(await freshDir(), 'new-store');
    const first = await startServer({ dataDir });
    const file = (
      await uploadSingle(first, randomData(100), { purpose: 'batch-api', file_name: 'a.jsonl' })
    ).json();
    await first.close();
    expect((await readdir(dataDir)).sort()).toEqual([
      '.together-files-store',
      'blobs',
      'files',
      'signing-key',
      'tmp',
      'uploads',
    ]);
    const second = await startServer({ dataDir });
    try {
      expect(second.requests).toEqual([]);
      expect(await readdir(join(dataDir, 'files'))).toEqual([`${file.id}.json`]);
    } finally {
      await second.close();
    }
  });

  test('the store of an older server (no marker, only names it gives) is taken over and marked', async () => {
    const dataDir = await freshDir();
    const first = await startServer({ dataDir });
    await uploadSingle(first, randomData(100), { purpose: 'batch-api', file_name: 'a.jsonl' });
    await first.close();
    await rm(join(dataDir, '.together-files-store'));
    const second = await startServer({ dataDir });
    await second.close();
    expect(await readdir(dataDir)).toContain('.together-files-store');
  });

  test('in a marked store, files the store did not name are left alone', async () => {
    const dataDir = await freshDir();
    await (await startServer({ dataDir })).close();
    await writeFile(join(dataDir, 'tmp', 'README'), 'mine');
    await writeFile(join(dataDir, 'blobs', '.keep'), '');
    await writeFile(join(dataDir, 'files', 'index.html'), 'mine');
    await writeFile(join(dataDir, 'uploads', 'notes.txt'), 'mine');
    const server = await startServer({ dataDir });
    await server.close();
    expect(await readdir(join(dataDir, 'tmp'))).toEqual(['README']);
    expect(await readdir(join(dataDir, 'blobs'))).toEqual(['.keep']);
    expect(await readdir(join(dataDir, 'files'))).toEqual(['index.html']);
    expect(await readdir(join(dataDir, 'uploads'))).toEqual(['notes.txt']);
  });
});
