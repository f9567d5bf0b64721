import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';

/** What a finished {@link BlobWriter} wrote. */
export interface WrittenBlob {
  path: string;
  bytes: number;
  /** Lowercase hex; left out for a multipart part, whose file is hashed whole after `complete`. */
  sha256?: string;
  /** Lowercase hex; the ETag of a part, as S3 makes it. */
  md5: string;
}

/**
 * Streams bytes to a new file, hashing them on the way; `finish` fsyncs, `discard` removes the file. Each write
 * is awaited, so the sender is slowed to the disk's pace and memory stays flat.
 */
export class BlobWriter {
  readonly path: string;
  bytes = 0;
  private readonly handle: FileHandle;
  private readonly sha256: Hash | undefined;
  private readonly md5: Hash = createHash('md5');
  private closed = false;

  private constructor(path: string, handle: FileHandle, sha256: boolean) {
    this.path = path;
    this.handle = handle;
    this.sha256 = sha256 ? createHash('sha256') : undefined;
  }

  /** Creates the file; fails if it exists. `sha256: false` skips that hash (the md5 ETag is always made). */
  static async create(path: string, options: { sha256?: boolean } = {}): Promise<BlobWriter> {
    return new BlobWriter(path, await open(path, 'wx'), options.sha256 ?? true);
  }

  /** Appends a chunk. */
  async write(chunk: Uint8Array): Promise<void> {
    this.sha256?.update(chunk);
    this.md5.update(chunk);
    this.bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
  }

  /** Flushes the bytes to disk and closes the file. */
  async finish(): Promise<WrittenBlob> {
    this.closed = true;
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
    return {
      path: this.path,
      bytes: this.bytes,
      ...(this.sha256 && { sha256: this.sha256.digest('hex') }),
      md5: this.md5.digest('hex'),
    };
  }

  /** Closes and removes the file; safe to call after a failure at any point. */
  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => {});
    }
    await unlink(this.path).catch(() => {});
  }
}
