import { mkdir, open, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileObject } from '@together-files/types';
import { isSafeId } from '../file-id.js';
import { syncDirectory, tempName, writeFileAtomic } from './atomic-file.js';
import { blobFiles, blobMatches, placeBlob, returnBlob } from './blob-layout.js';
import { claimDataDir, TEMP_NAME } from './data-dir-claim.js';
import { sha256OfFiles } from './hash-files.js';
import { partsBlob, type StoredBlob, singleBlob } from './stored-blob.js';

/** A completed file: its metadata as served, and what the store knows of its bytes. */
export interface StoredFile {
  file: FileObject;
  /** The sha256 of the bytes (duplicate detection); missing while a multipart file is hashed in the background. */
  sha256?: string;
  /** For a multipart file: the sizes of its parts, in order (see blob-layout.ts). */
  parts?: number[];
}

/** How {@link FileStore.add} runs. */
export interface AddOptions {
  /** Fails the write with this error after the bytes are in place, before the metadata (a `diskFull` fault). */
  failBeforeMetadata?: Error;
}

/**
 * The completed files of one data folder: `files/<id>.json` metadata, `blobs/<id>` bytes, `tmp/` for everything
 * in progress. A file exists once its metadata is durably renamed into place, after its blob; opening the folder
 * drops temp files, orphan blobs and metadata whose blob is missing or of the wrong size, and hashes again what a
 * restart left unhashed.
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
  // Background sha256 of files completed without one, by id; a duplicate lookup waits for them.
  private readonly hashing = new Map<string, Promise<void>>();
  private readonly closing = new AbortController();
  // Open readers of multipart files, and those deleted meanwhile: their parts go when the last reader does.
  private readonly readers = new Map<string, number>();
  private readonly deletedWhileRead = new Set<string>();

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.tempDir = join(dataDir, 'tmp');
    this.blobsDir = join(dataDir, 'blobs');
    this.metadataDir = join(dataDir, 'files');
  }

  /**
   * Opens (creating if needed) a data folder and recovers it from any crash. A folder that holds other things is
   * refused (see data-dir-claim.ts); in a store, only names the store gives are ever removed.
   */
  static async open(dataDir: string): Promise<FileStore> {
    const store = new FileStore(dataDir);
    await claimDataDir(dataDir);
    await Promise.all(
      [store.tempDir, store.blobsDir, store.metadataDir].map((d) => mkdir(d, { recursive: true })),
    );
    for (const name of await readdir(store.tempDir)) {
      if (TEMP_NAME.test(name)) await rm(join(store.tempDir, name), { recursive: true, force: true });
    }
    await store.recover();
    for (const [id, entry] of store.files) if (entry.sha256 === undefined) store.hashInBackground(id, entry);
    return store;
  }

  private async recover(): Promise<void> {
    for (const name of await readdir(this.metadataDir)) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      const metadataPath = join(this.metadataDir, name);
      const entry = isSafeId(id) ? await this.readEntry(id, metadataPath) : undefined;
      if (entry) this.files.set(id, entry);
      else if (isSafeId(id)) await rm(metadataPath, { recursive: true, force: true });
    }
    for (const name of await readdir(this.blobsDir)) {
      if (isSafeId(name) && !this.files.has(name))
        await rm(join(this.blobsDir, name), { recursive: true, force: true });
    }
    await syncDirectory(this.metadataDir);
    await syncDirectory(this.blobsDir);
  }

  private async readEntry(id: string, metadataPath: string): Promise<StoredFile | undefined> {
    try {
      const entry = JSON.parse(await readFile(metadataPath, 'utf8')) as StoredFile;
      if (entry.file?.id !== id) return undefined;
      return (await blobMatches(this.blobPath(id), entry.file.bytes, entry.parts)) ? entry : undefined;
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

  /** A completed file whose bytes have this sha256, or `undefined`; waits for the hashes being computed. */
  async findBySha256(sha256: string): Promise<StoredFile | undefined> {
    await Promise.all(this.hashing.values());
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

  /**
   * Makes a file complete: moves its fsynced blob (or the parts listed in `entry.parts`, in order) into place,
   * then writes its metadata. Without a sha256, the bytes are hashed in the background. When it fails (a full
   * disk), the bytes are moved back to their temp paths, so the upload they belong to can be completed again.
   */
  add(entry: StoredFile, blobTempPaths: readonly string[], options: AddOptions = {}): Promise<FileObject> {
    const { id } = entry.file;
    return this.enqueue(id, async () => {
      try {
        await placeBlob(blobTempPaths, this.blobPath(id), this.tempDir);
        if (options.failBeforeMetadata) throw options.failBeforeMetadata;
        await writeFileAtomic(this.metadataPath(id), JSON.stringify(entry), this.tempDir);
      } catch (error) {
        await returnBlob(blobTempPaths, this.blobPath(id));
        throw error;
      }
      this.files.set(id, entry);
      if (entry.sha256 === undefined) this.hashInBackground(id, entry);
      return entry.file;
    });
  }

  /**
   * Like {@link add}, unless a completed file already has `entry.sha256`: then that file is answered and nothing
   * is stored (the caller drops its bytes). Completions of the same sha256 run one after another, so uploads of the
   * same bytes in parallel make one file, however they interleave.
   */
  addUnlessDuplicate(
    entry: StoredFile & { sha256: string },
    blobTempPaths: readonly string[],
    options: AddOptions = {},
  ): Promise<{ file: FileObject; duplicate: boolean }> {
    return this.enqueue(`sha256:${entry.sha256}`, async () => {
      const existing = await this.findBySha256(entry.sha256);
      if (existing) return { file: existing.file, duplicate: true };
      return { file: await this.add(entry, blobTempPaths, options), duplicate: false };
    });
  }

  private rewrite(id: string, change: (entry: StoredFile) => StoredFile): Promise<StoredFile | undefined> {
    return this.enqueue(id, async () => {
      const entry = this.files.get(id);
      if (!entry) return undefined;
      const updated = change(entry);
      await writeFileAtomic(this.metadataPath(id), JSON.stringify(updated), this.tempDir);
      // A delete may have come while writing; it runs after this task, so the map is still the truth here.
      this.files.set(id, updated);
      return updated;
    });
  }

  /** Changes a file's metadata durably; `undefined` when the file is gone (deleted meanwhile). */
  async update(id: string, change: (file: FileObject) => FileObject): Promise<FileObject | undefined> {
    return (await this.rewrite(id, (entry) => ({ ...entry, file: change(entry.file) })))?.file;
  }

  // Off the request path: `complete` answers at once; a duplicate lookup waits. A failure (deleted meanwhile, or
  // close()) leaves the sha256 out, and the next start hashes again.
  private hashInBackground(id: string, entry: StoredFile): void {
    const task = sha256OfFiles(blobFiles(this.blobPath(id), entry.parts), this.closing.signal)
      .then((sha256) => this.rewrite(id, (current) => ({ ...current, sha256 })))
      .then(
        () => {},
        () => {},
      )
      .finally(() => this.hashing.delete(id));
    this.hashing.set(id, task);
  }

  /** Deletes metadata, then bytes; false when there was no such file. Open readers keep their bytes. */
  async remove(id: string): Promise<boolean> {
    if (!this.files.delete(id)) return false;
    await this.enqueue(id, async () => {
      this.files.delete(id);
      await unlink(this.metadataPath(id)).catch(() => {});
      await syncDirectory(this.metadataDir);
      // An open single blob stays readable once unlinked; parts are opened as a read reaches them, so they wait.
      if (this.readers.has(id)) this.deletedWhileRead.add(id);
      else await rm(this.blobPath(id), { recursive: true, force: true });
    });
    return true;
  }

  /** Opens the bytes of a completed file for reading, or `undefined` when it is gone. Close it when done. */
  async openBlob(id: string): Promise<StoredBlob | undefined> {
    const entry = this.files.get(id);
    if (!entry) return undefined;
    if (entry.parts) {
      this.readers.set(id, (this.readers.get(id) ?? 0) + 1);
      return partsBlob(blobFiles(this.blobPath(id), entry.parts), entry.parts, () => this.release(id));
    }
    try {
      return singleBlob(await open(this.blobPath(id), 'r'), entry.file.bytes);
    } catch {
      return undefined;
    }
  }

  private async release(id: string): Promise<void> {
    const count = (this.readers.get(id) ?? 1) - 1;
    if (count > 0) {
      this.readers.set(id, count);
      return;
    }
    this.readers.delete(id);
    if (this.deletedWhileRead.delete(id)) await rm(this.blobPath(id), { recursive: true, force: true });
  }

  /**
   * Where a completed file's bytes are, for a whole-file reader (the validation): its path, or its parts' paths in
   * order. Paths rather than a Blob: a file-backed Blob handed to a worker thread aborts Node 20 when read there.
   */
  async source(id: string): Promise<string | string[] | undefined> {
    const entry = this.files.get(id);
    if (!entry) return undefined;
    if (!entry.parts) return this.blobPath(id);
    return blobFiles(this.blobPath(id), entry.parts);
  }

  /** Waits for every pending metadata write. */
  async settle(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  /** Stops the background hashing (the next start hashes again) and waits for every pending write. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all(this.hashing.values());
    await this.settle();
  }

  private metadataPath(id: string): string {
    return join(this.metadataDir, `${id}.json`);
  }
}
