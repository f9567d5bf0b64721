import type { CheckProblem } from './build-report.js';
import { baseName } from './runtime.js';

/** How many bytes one read takes: large enough that per-chunk work vanishes, small enough to stay constant memory. */
export const CHUNK_SIZE = 1024 * 1024;

/** The bytes being checked, read in order (JSONL, CSV) or by range (Parquet), whatever they came as. */
export interface ByteSource {
  /** Size in bytes. */
  readonly size: number;
  /** The base name whose extension decides the type, when the source has one (a path or a `File`). */
  readonly name: string | undefined;
  /**
   * The bytes in order, in chunks of up to {@link CHUNK_SIZE}; throws the signal's reason once it is aborted.
   * A chunk is only valid until the next one is asked for: readers may reuse their buffers.
   */
  chunks(signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined>;
  /** The bytes from `start` (inclusive) to `end` (exclusive). */
  range(start: number, end: number): Promise<Uint8Array>;
  /**
   * Reads up to `target.byteLength` bytes at `position` into `target`, resolving to the count (0 at the end). Only
   * sources that read into a caller's buffer have it (paths): the parallel JSONL check hands its buffers to threads.
   */
  read?(target: Uint8Array, position: number): Promise<number>;
  /** Releases the file handle, if any. */
  close(): Promise<void>;
}

/** A source that could be opened, or the reason it could not (missing path, a directory, ...). */
export type OpenedSource =
  | { source: ByteSource; problem?: undefined }
  | { source?: undefined; problem: CheckProblem };

/** Opens a path (Node only: `node:fs` is loaded on demand, so browsers never see it), a `Blob`/`File` or bytes. */
export async function openByteSource(file: string | Blob | Uint8Array): Promise<OpenedSource> {
  if (typeof file === 'string') {
    // No file system in the web build: the branch folds to this answer there, and the path reader drops out.
    if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) {
      return { problem: { check: 'found', message: `A path can only be read on Node: ${file}` } };
    } else {
      return openPath(file);
    }
  }
  if (file instanceof Uint8Array) return { source: bytesSource(file) };
  return { source: blobSource(file) };
}

async function openPath(path: string): Promise<OpenedSource> {
  const fs = await import('node:fs/promises');
  let isFile: boolean;
  try {
    isFile = (await fs.stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    const message = missing ? `File not found: ${path}` : `Cannot read ${path}: ${(error as Error).message}`;
    return { problem: { check: 'found', message } };
  }
  // Checked before opening: opening a FIFO or a device for reading could block or never end.
  if (!isFile) return { problem: { check: 'found', message: `Not a regular file: ${path}` } };
  let handle: import('node:fs/promises').FileHandle | undefined;
  let size: number;
  try {
    handle = await fs.open(path, 'r');
    // The size of what was opened, not of what the path named a moment before.
    size = (await handle.stat()).size;
  } catch (error) {
    await handle?.close().catch(() => {});
    return { problem: { check: 'found', message: `Cannot read ${path}: ${(error as Error).message}` } };
  }
  const opened = handle;
  return {
    source: {
      size,
      name: baseName(path),
      chunks(signal) {
        // Two buffers in turn: one being checked, one being filled by the read ahead. Fresh buffers per read would
        // count as external memory and set off extra full garbage collections, a tenth of the time on big files.
        const buffers = [Buffer.allocUnsafe(CHUNK_SIZE), Buffer.allocUnsafe(CHUNK_SIZE)];
        let turn = 0;
        return prefetchedChunks(size, signal, async (position) => {
          const buffer = buffers[turn++ % 2]!;
          const { bytesRead } = await opened.read(buffer, 0, CHUNK_SIZE, position);
          return buffer.subarray(0, bytesRead);
        });
      },
      async range(start, end) {
        const buffer = Buffer.allocUnsafe(end - start);
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await opened.read(buffer, filled, buffer.length - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      },
      read: async (target, position) => (await opened.read(target, 0, target.byteLength, position)).bytesRead,
      close: () => opened.close(),
    },
  };
}

function blobSource(blob: Blob): ByteSource {
  const name =
    typeof (blob as File).name === 'string' && (blob as File).name !== '' ? (blob as File).name : undefined;
  // Slices instead of blob.stream(): the same large chunks in every runtime, and nothing to cancel on abort.
  const range = async (start: number, end: number) =>
    new Uint8Array(await blob.slice(start, end).arrayBuffer());
  return rangeSource(blob.size, name === undefined ? undefined : baseName(name), range);
}

function bytesSource(bytes: Uint8Array): ByteSource {
  return rangeSource(bytes.byteLength, undefined, async (start, end) => bytes.subarray(start, end));
}

/** A source read by ranges (a Blob, bytes): its chunks are consecutive ranges of up to {@link CHUNK_SIZE}. */
function rangeSource(
  size: number,
  name: string | undefined,
  range: (start: number, end: number) => Promise<Uint8Array>,
): ByteSource {
  return {
    size,
    name,
    chunks: (signal) =>
      prefetchedChunks(size, signal, (position) => range(position, Math.min(size, position + CHUNK_SIZE))),
    range,
    close: async () => {},
  };
}

/**
 * Reads `size` bytes in order with `read(position)`, one read ahead: the next chunk is on its way (in Node's thread
 * pool for a file) while the caller checks the current one. Stops early at a short (empty) read.
 */
async function* prefetchedChunks(
  size: number,
  signal: AbortSignal | undefined,
  read: (position: number) => Promise<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined> {
  let position = 0;
  let next = position < size ? read(position) : undefined;
  try {
    while (next !== undefined) {
      signal?.throwIfAborted();
      const chunk = await next;
      if (chunk.byteLength === 0) return;
      position += chunk.byteLength;
      next = position < size ? read(position) : undefined;
      yield chunk;
    }
  } finally {
    // A read still in flight when the caller stops early must not end as an unhandled rejection.
    next?.catch(() => {});
  }
}
