import type { CheckReport } from '@together-files/check';
import { fileTypeFromName, isUploadablePurpose } from '@together-files/enums';
import { TogetherError } from '../errors/together-error.js';
import { isNode } from '../runtime.js';
import { type StreamInput, streamNeedsNode } from './stream-input.js';

/** What the spooling learned while it wrote the stream: its sha256 and, when it checked it, the report. */
export interface SpooledStream {
  /** The sha256 of every byte written, as lowercase hex; absent when the check stopped the stream early. */
  sha256?: string | undefined;
  /** The check's report (JSONL and CSV, checked as they were written); absent when not checked here. */
  report?: CheckReport | undefined;
}

/** How to spool: the name (its extension decides the check), the purpose and the upload's `check` option. */
export interface SpoolOptions {
  filename: string;
  /** The upload's purpose (default `fine-tune`); an unknown one is left to the upload's validation, unread. */
  purpose?: string | undefined;
  check: boolean | 'strict' | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * In a module of its own, loaded on the first stream upload, so apps that never upload one do not carry it.
 * Uploads need a length (the presigned PUT) and a checksum (the POST) before the first byte goes, so a stream is
 * written to a temp file first, on Node, in constant memory (each chunk is written before the next is read). The
 * check (JSONL, CSV) and the sha256 are fed from the same chunks as they are written, so the stream is read once
 * and the temp file is not read again before the upload; a failing check stops reading the stream there. Parquet is
 * checked from the written file's footer. `use` then uploads the file, and the file is removed whatever happens.
 * Without a disk (browsers, Workers) this throws, saying what to pass instead. openai-node's `toFile` buffers a
 * stream whole instead (openai/openai-node src/internal/to-file.ts), which is what this avoids.
 */
export async function withSpooledStream<T>(
  input: StreamInput,
  options: SpoolOptions,
  use: (path: string, spooled: SpooledStream) => Promise<T>,
): Promise<T> {
  if (!isNode()) throw streamNeedsNode();
  const [{ open, mkdtemp, rm }, { tmpdir }, { join }, { createHash }] = await Promise.all([
    import('node:fs/promises'),
    import('node:os'),
    import('node:path'),
    import('node:crypto'),
  ]);
  const folder = await mkdtemp(join(tmpdir(), 'together-files-upload-'));
  try {
    const path = join(folder, 'spooled');
    const handle = await open(path, 'w', 0o600);
    const hash = createHash('sha256');
    let spooled: SpooledStream;
    try {
      const fileType = fileTypeFromName(options.filename);
      const purpose = options.purpose ?? 'fine-tune';
      const checked =
        options.check !== false &&
        isUploadablePurpose(purpose) &&
        (fileType === 'jsonl' || fileType === 'csv');
      const writes = written(isReadableStream(input) ? readerChunks(input) : input, handle, hash, options);
      if (checked) {
        const { checkStream } = await import('@together-files/check');
        const report = await checkStream(writes.chunks, {
          filename: options.filename,
          purpose,
          signal: options.signal,
        });
        // The stream's own failure (or a chunk that is not bytes) is the upload's error, not a check verdict.
        if (writes.failure !== undefined) throw writes.failure.error;
        spooled = { report, ...(writes.ended && { sha256: hash.digest('hex') }) };
      } else {
        for await (const _ of writes.chunks);
        spooled = { sha256: hash.digest('hex') };
      }
    } finally {
      await handle.close();
    }
    return await use(path, spooled);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The stream's chunks, each hashed and written before it is handed on; whether it ended, and how it failed. */
interface Writes {
  chunks: AsyncGenerator<Uint8Array, void, undefined>;
  ended: boolean;
  failure?: { error: unknown } | undefined;
}

function written(
  chunks: AsyncIterable<unknown>,
  handle: import('node:fs/promises').FileHandle,
  hash: import('node:crypto').Hash,
  options: SpoolOptions,
): Writes {
  const state: Omit<Writes, 'chunks'> = { ended: false };
  async function* generate(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of chunks) {
        options.signal?.throwIfAborted();
        if (!(chunk instanceof Uint8Array)) {
          throw new TogetherError(
            'A stream to upload must yield Uint8Array chunks (bytes), not strings or objects.',
          );
        }
        hash.update(chunk);
        await handle.write(chunk);
        yield chunk;
      }
      state.ended = true;
    } catch (error) {
      state.failure = { error };
      throw error;
    }
  }
  return Object.assign(state, { chunks: generate() });
}

function isReadableStream(input: StreamInput): input is ReadableStream<Uint8Array> {
  return typeof (input as ReadableStream).getReader === 'function';
}

// Node 20's web ReadableStream is async-iterable, but not every one is (older browsers' polyfills): read it plainly.
// Left early (the check refused the data), the stream is cancelled so its source can stop producing.
async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
