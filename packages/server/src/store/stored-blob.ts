import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** The bytes of a completed file, open for reading: one blob or its parts, read as one range of bytes. */
export interface StoredBlob {
  readonly size: number;
  /** Streams bytes `start` to `end` (inclusive), across part boundaries. */
  read(start: number, end: number): Readable;
  /** Lets the bytes go (a delete that came meanwhile removes them now). */
  close(): Promise<void>;
}

/** A single blob, already open: a delete meanwhile does not cut a read short. */
export function singleBlob(handle: FileHandle, size: number): StoredBlob {
  return {
    size,
    read: (start, end) => handle.createReadStream({ start, end, autoClose: false }),
    close: () => handle.close(),
  };
}

async function* readParts(files: readonly string[], sizes: readonly number[], start: number, end: number) {
  let offset = 0;
  for (const [index, file] of files.entries()) {
    const partStart = offset;
    const size = sizes[index]!;
    offset += size;
    if (size === 0 || partStart + size <= start) continue;
    if (partStart > end) return;
    // Returning early (the client went away) ends this loop, which destroys the part's stream.
    yield* createReadStream(file, {
      start: Math.max(start, partStart) - partStart,
      end: Math.min(end, partStart + size - 1) - partStart,
    });
  }
}

/**
 * The parts of a multipart file, opened one after another as the read reaches them. The store keeps them on disk
 * until `close()` (it counts readers), so a delete meanwhile does not cut a read short either.
 */
export function partsBlob(
  files: readonly string[],
  sizes: readonly number[],
  release: () => Promise<void>,
): StoredBlob {
  let released = false;
  return {
    size: sizes.reduce((sum, size) => sum + size, 0),
    read: (start, end) => Readable.from(readParts(files, sizes, start, end), { objectMode: false }),
    close: async () => {
      if (released) return;
      released = true;
      await release();
    },
  };
}
