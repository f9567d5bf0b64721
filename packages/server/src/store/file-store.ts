import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileObject } from '@together-files/types';
import { isSafeId } from '../file-id.js';
import { syncDirectory, tempName, writeFileAtomic } from './atomic-file.js';

/** A completed file: its metadata as served, and the sha256 of its bytes (for duplicate detection). */
export interface StoredFile {
  file: FileObject;
  sha256: string;
}

/**
 * The completed files of one data folder: `files/<id>.json` metadata, `blobs/<id>` bytes, `tmp/` for everything
 * in progress. A file exists once its metadata is durably renamed into place, after its blob; opening the folder
 * drops temp files, orphan blobs and metadata whose blob is missing or of the wrong size.
 */
export class FileStore {
  /** The data folder. */
  readonly dataDir: string;
  /** Where uploads in progress write; emptied on open. */
  readonly tempDir: string;
  private readonly blobsDir: string;
  private readonly metadataDir: string;
  private readonly files = new Map<string, StoredFile>();
  // Writes of one id run in order, so an old status can never overwrite a newer one or resurrect a deleted file.
  private readonly chains = new Map<string, Promise<unknown>>();

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.tempDir = join(dataDir, 'tmp');
    this.blobsDir = join(dataDir, 'blobs');
    this.metadataDir = join(dataDir, 'files');
  }

  /** Opens (creating if needed) a data folder and recovers it from any crash. */
  static async open(dataDir: string): Promise<FileStore> {
    const store = new FileStore(dataDir);
    await rm(store.tempDir, { recursive: true, force: true });
    await Promise.all(
      [store.tempDir, store.blobsDir, store.metadataDir].map((d) => mkdir(d, { recursive: true })),
    );
    await store.recover();
    return store;
  }

  private async recover(): Promise<void> {
    for (const name of await readdir(this.metadataDir)) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      const metadataPath = join(this.metadataDir, name);
      const entry = isSafeId(id) ? await this.readEntry(id, metadataPath) : undefined;
      if (entry) this.files.set(id, entry);
      else await rm(metadataPath, { recursive: true, force: true });
    }
    for (const name of await readdir(this.blobsDir)) {
      if (!this.files.has(name)) await rm(join(this.blobsDir, name), { recursive: true, force: true });
    }
    await syncDirectory(this.metadataDir);
    await syncDirectory(this.blobsDir);
  }

  private async readEntry(id: string, metadataPath: string): Promise<StoredFile | undefined> {
    try {
      const entry = JSON.parse(await readFile(metadataPath, 'utf8')) as StoredFile;
      const blob = await stat(this.blobPath(id));
      if (entry.file?.id !== id || !blob.isFile() || blob.size !== entry.file.bytes) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  private enqueue<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.chains.set(id, settled);
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return next;
  }

  /** Completed files, oldest first. */
  list(): FileObject[] {
    return [...this.files.values()]
      .map((entry) => entry.file)
      .sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  }

  /** A completed file, or `undefined`. */
  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** A completed file whose bytes have this sha256, or `undefined`. */
  findBySha256(sha256: string): StoredFile | undefined {
    for (const entry of this.files.values()) if (entry.sha256 === sha256) return entry;
    return undefined;
  }

  /** Where the bytes of `id` live once complete. */
  blobPath(id: string): string {
    return join(this.blobsDir, id);
  }

  /** A fresh temp path for work in progress. */
  tempPath(label: string): string {
    return tempName(this.tempDir, label);
  }

  /** Makes a file complete: moves its fsynced blob into place, then writes its metadata. */
  add(entry: StoredFile, blobTempPath: string): Promise<FileObject> {
    const { id } = entry.file;
    return this.enqueue(id, async () => {
      await rename(blobTempPath, this.blobPath(id));
      await syncDirectory(this.blobsDir);
      await writeFileAtomic(this.metadataPath(id), JSON.stringify(entry), this.tempDir);
      this.files.set(id, entry);
      return entry.file;
    });
  }

  /** Changes a file's metadata durably; `undefined` when the file is gone (deleted meanwhile). */
  update(id: string, change: (file: FileObject) => FileObject): Promise<FileObject | undefined> {
    return this.enqueue(id, async () => {
      const entry = this.files.get(id);
      if (!entry) return undefined;
      const updated = { ...entry, file: change(entry.file) };
      await writeFileAtomic(this.metadataPath(id), JSON.stringify(updated), this.tempDir);
      // A delete may have come while writing; it runs after this task, so the map is still the truth here.
      this.files.set(id, updated);
      return updated.file;
    });
  }

  /** Deletes metadata, then bytes; false when there was no such file. Open readers keep their bytes. */
  async remove(id: string): Promise<boolean> {
    if (!this.files.delete(id)) return false;
    await this.enqueue(id, async () => {
      this.files.delete(id);
      await unlink(this.metadataPath(id)).catch(() => {});
      await syncDirectory(this.metadataDir);
      await unlink(this.blobPath(id)).catch(() => {});
    });
    return true;
  }

  /** Opens the bytes of a completed file for reading, or `undefined` when it is gone. */
  async openBlob(id: string): Promise<FileHandle | undefined> {
    if (!this.files.has(id)) return undefined;
    try {
      return await open(this.blobPath(id), 'r');
    } catch {
      return undefined;
    }
  }

  /** Waits for every pending metadata write. */
  async settle(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  private metadataPath(id: string): string {
    return join(this.metadataDir, `${id}.json`);
  }
}
