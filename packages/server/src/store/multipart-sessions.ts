import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { UploadFields } from '../upload-fields.js';
import { syncDirectory, writeFileAtomic } from './atomic-file.js';
import type { WrittenBlob } from './blob-writer.js';

/** A multipart upload between `initiate` and `complete` or `abort`. */
export interface MultipartUpload {
  uploadId: string;
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds: after this the upload is dropped, as if aborted (see {@link MultipartSessions}). */
  expiresAt: number;
  /** What `initiate` announced. */
  fileSize: number;
  numParts: number;
  /** Parts received, by part number (a repeated PUT of a part replaces it until complete or abort). */
  parts: Map<number, WrittenBlob>;
}

/** The JSON of `uploads/<upload id>/session.json`: the upload with its parts as `[number, blob]`, paths by name. */
interface SessionFile extends Omit<MultipartUpload, 'parts'> {
  parts: [number, WrittenBlob][];
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/**
 * Multipart uploads in progress, kept on disk so that they survive a restart until they complete, are aborted or
 * expire: `uploads/<upload id>/session.json` (rewritten atomically after every part) beside the part files. The
 * real service keeps an unfinished upload server-side, S3-style, until the client completes or aborts it (the
 * official SDKs only ever initiate, PUT, complete or abort: togethercomputer/together-py
 * `src/together/lib/resources/files.py` `MultipartUploadManager`); S3 drops one only when a lifecycle rule
 * (`AbortIncompleteMultipartUpload`, counted in days) says so, which `expiresAt` stands for here.
 */
export class MultipartSessions {
  private readonly folder: string;
  private readonly tempDir: string;
  private readonly uploads = new Map<string, MultipartUpload>();
  // Session writes of one upload run in order, so an older part list never overwrites a newer one.
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  private constructor(dataDir: string, tempDir: string, now: () => number) {
    this.folder = join(dataDir, 'uploads');
    this.tempDir = tempDir;
    this.now = now;
  }

  /**
   * Loads the sessions of a data folder. Expired ones, broken ones and those whose file exists already (a crash
   * between `complete` moving the parts and removing the session) are removed; parts whose file is missing or of
   * the wrong size are forgotten (the client PUTs them again).
   */
  static async open(
    dataDir: string,
    options: { tempDir: string; isCompleted: (fileId: string) => boolean; now?: () => number },
  ): Promise<MultipartSessions> {
    const sessions = new MultipartSessions(dataDir, options.tempDir, options.now ?? Date.now);
    await mkdir(sessions.folder, { recursive: true });
    for (const name of await readdir(sessions.folder)) {
      const upload = UPLOAD_ID.test(name) ? await sessions.load(name) : undefined;
      if (upload && !sessions.expired(upload) && !options.isCompleted(upload.fileId)) {
        sessions.uploads.set(name, upload);
      } else if (UPLOAD_ID.test(name)) {
        // Only names the store gives: anything else in the folder is not ours to remove (issue 13).
        await rm(join(sessions.folder, name), { recursive: true, force: true });
      }
    }
    return sessions;
  }

  private async load(uploadId: string): Promise<MultipartUpload | undefined> {
    try {
      const saved = JSON.parse(
        await readFile(join(this.folder, uploadId, 'session.json'), 'utf8'),
      ) as SessionFile;
      if (saved.uploadId !== uploadId || !Array.isArray(saved.parts)) return undefined;
      const parts = new Map<number, WrittenBlob>();
      for (const [number, blob] of saved.parts) {
        const path = join(this.folder, uploadId, basename(blob.path));
        const found = await stat(path).catch(() => undefined);
        if (found?.isFile() && found.size === blob.bytes) parts.set(number, { ...blob, path });
      }
      return { ...saved, parts };
    } catch {
      return undefined;
    }
  }

  private expired(upload: MultipartUpload): boolean {
    return upload.expiresAt * 1000 <= this.now();
  }

  /** The open upload of this id; an expired one is dropped here (its parts removed) and counts as unknown. */
  get(uploadId: string): MultipartUpload | undefined {
    const upload = this.uploads.get(uploadId);
    if (upload && this.expired(upload)) {
      this.uploads.delete(uploadId);
      void this.enqueue(uploadId, () => this.removeFolder(uploadId));
      return undefined;
    }
    return upload;
  }

  /** Drops every expired upload and removes its parts (the periodic sweep; `get` drops one it meets too). */
  dropExpired(): void {
    for (const uploadId of [...this.uploads.keys()]) this.get(uploadId);
  }

  /** Registers a new upload durably (its folder and session file) before `initiate` answers. */
  async create(upload: MultipartUpload): Promise<void> {
    await mkdir(join(this.folder, upload.uploadId));
    this.uploads.set(upload.uploadId, upload);
    await this.enqueue(upload.uploadId, () => this.save(upload));
  }

  /**
   * Moves a part's fsynced temp file into the upload's folder and records it; an earlier body of the same part is
   * removed once the session no longer names it.
   */
  async addPart(upload: MultipartUpload, partNumber: number, blob: WrittenBlob): Promise<void> {
    await this.enqueue(upload.uploadId, async () => {
      const path = join(this.folder, upload.uploadId, `${partNumber}.${randomBytes(4).toString('hex')}`);
      await rename(blob.path, path);
      const previous = upload.parts.get(partNumber);
      upload.parts.set(partNumber, { ...blob, path });
      await this.save(upload);
      if (previous) await unlink(previous.path).catch(() => {});
    });
  }

  /** Closes an upload: from now on it is unknown (part PUTs answer 403, complete and abort 404). */
  close(uploadId: string): void {
    this.uploads.delete(uploadId);
  }

  /**
   * Opens a closed upload again: its complete failed to store the file (a full disk), its parts are back in its
   * folder and its session file was never removed, so a retried complete can finish it.
   */
  reopen(upload: MultipartUpload): void {
    this.uploads.set(upload.uploadId, upload);
  }

  /** Removes a closed upload's folder with whatever parts are still in it. */
  async discard(uploadId: string): Promise<void> {
    await this.enqueue(uploadId, () => this.removeFolder(uploadId));
  }

  private async removeFolder(uploadId: string): Promise<void> {
    await rm(join(this.folder, uploadId), { recursive: true, force: true });
    await syncDirectory(this.folder);
  }

  private async save(upload: MultipartUpload): Promise<void> {
    if (this.uploads.get(upload.uploadId) !== upload) return;
    const saved: SessionFile = { ...upload, parts: [...upload.parts] };
    await writeFileAtomic(
      join(this.folder, upload.uploadId, 'session.json'),
      JSON.stringify(saved),
      this.tempDir,
    );
  }

  private enqueue<T>(uploadId: string, task: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(uploadId) ?? Promise.resolve()).then(task, task);
    const settled = next.catch(() => {});
    this.chains.set(uploadId, settled);
    void settled.then(() => {
      if (this.chains.get(uploadId) === settled) this.chains.delete(uploadId);
    });
    return next;
  }

  /** Waits for every pending session write. */
  async settle(): Promise<void> {
    await Promise.all(this.chains.values());
  }
}
