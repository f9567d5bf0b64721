import type { JsonlResult } from './check-jsonl.js';
import type { ChunkSummary } from './check-worker.js';
import { ChunkWorkerFailure, ChunkWorkers, checkWorkerUrl } from './chunk-workers.js';
import { JsonlLines } from './jsonl-lines.js';
import { lineTooLongProblem, MAX_LINE_BYTES } from './limits.js';
import type { DatasetFormat } from './report.js';
import { isNode } from './runtime.js';
import { loadSyntaxDecoder } from './utf8.js';
import { mergeWarnings, WarningList } from './warning-list.js';

export { PARALLEL_MIN_BYTES } from './limits.js';

/** Bytes a chunk holds (more when one line is longer): large enough that messaging costs nothing. */
export const PARALLEL_CHUNK_BYTES = 4 * 1024 * 1024;

/** What the parallel check reads and how. */
export interface ParallelJsonlOptions {
  /** Apply the fine-tune dataset format rules. */
  fineTune: boolean;
  /** Warnings listed at most. */
  maxWarnings?: number;
  /** The longest line read (default {@link MAX_LINE_BYTES}). */
  maxLineBytes?: number;
  /**
   * Receives the file's bytes in order: each chunk once its thread gave it back, so the main thread hashes one chunk
   * while the threads parse the next ones (and no byte is copied for it).
   */
  onBytes?: (chunk: Uint8Array) => void;
  /** Bytes to check, from position 0. */
  size: number;
  /** Reads up to `target.byteLength` bytes at `position` into `target`; resolves to the count (0 at the end). */
  read(target: Uint8Array, position: number): Promise<number>;
  /** Stops reading; the check throws the signal's reason. */
  signal?: AbortSignal;
  /** The worker entry; default: the built one beside this module (see {@link checkWorkerUrl}). */
  workerUrl?: URL;
  /** Worker threads; default: the available parallelism, at least 2 and at most 4. */
  threads?: number;
  /** Bytes per chunk; default {@link PARALLEL_CHUNK_BYTES}. */
  chunkBytes?: number;
}

/**
 * The JSONL check of {@link checkJsonl}, with the lines parsed in worker threads (Node only). Resolves to the same
 * result, or to `undefined` when no worker can run here (no built worker entry, or a thread failed): the caller
 * then checks on its own thread. At most two chunks per thread are in flight, so memory stays bounded.
 */
export async function checkJsonlParallel(options: ParallelJsonlOptions): Promise<JsonlResult | undefined> {
  const url = options.workerUrl ?? checkWorkerUrl();
  if (url === undefined || !isNode()) return undefined;
  const [{ existsSync }, { fileURLToPath }, { availableParallelism }] = await Promise.all([
    import('node:fs'),
    import('node:url'),
    import('node:os'),
  ]);
  if (!workerFileExists(url, existsSync, fileURLToPath)) return undefined;
  const count = options.threads ?? Math.min(4, Math.max(2, availableParallelism()));
  const warnings = new WarningList(options.maxWarnings);
  const workers = await ChunkWorkers.start({
    url,
    count,
    fineTune: options.fineTune,
    maxWarnings: warnings.max,
  });
  try {
    return await checkChunks(workers, warnings, options);
  } catch (error) {
    // The caller checks the file again from its start, on its own thread (and tells `onBytes` to start over).
    if (error instanceof ChunkWorkerFailure) return undefined;
    throw error;
  } finally {
    await workers.close();
  }
}

// The CJS build's module URL is made from its path as is: a `#` or `%` in a folder name gives a URL that names
// another file or none at all. Either way the check runs on this thread rather than failing.
function workerFileExists(
  url: URL,
  existsSync: (path: string) => boolean,
  fileURLToPath: (url: URL) => string,
): boolean {
  try {
    return existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

async function checkChunks(
  workers: ChunkWorkers,
  warnings: WarningList,
  options: ParallelJsonlOptions,
): Promise<JsonlResult> {
  const { size, read, signal, fineTune, onBytes } = options;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const chunkBytes = options.chunkBytes ?? PARALLEL_CHUNK_BYTES;
  const decoder = await loadSyntaxDecoder();
  const maxInFlight = workers.count * 2;
  const free: ArrayBuffer[] = [];
  const inFlight: Promise<ChunkSummary>[] = [];
  let count = 0;
  let format: DatasetFormat | undefined;

  // Takes the oldest chunk's summary: lines before it are all checked, so its verdict is final.
  const settleOldest = async (): Promise<JsonlResult | undefined> => {
    const summary = await inFlight.shift()!;
    // Chunks are consecutive slices of the file and settle in file order, so this is the file's byte stream.
    onBytes?.(new Uint8Array(summary.buffer, 0, summary.length));
    const mismatch = format !== undefined && summary.format !== undefined && summary.format !== format;
    if (summary.failed || mismatch) {
      // The worker knew neither the line count nor line 1's format: the chunk is checked again, here, with both.
      const lines = new JsonlLines({ fineTune, decoder, count, format, warnings });
      const problem = lines.checkBytes(new Uint8Array(summary.buffer, 0, summary.length));
      if (problem !== undefined) return { problem, numSamples: lines.count, warnings };
    } else
      mergeWarnings(
        warnings,
        { items: summary.warnings, total: summary.warningCount, rules: summary.warningRules },
        count,
      );
    count += summary.lines;
    format ??= summary.format;
    if (summary.buffer.byteLength === chunkBytes) free.push(summary.buffer);
    return undefined;
  };

  let position = 0;
  let carry = new Uint8Array(0);
  for (let index = 0; ; index++) {
    signal?.throwIfAborted();
    let bytes =
      carry.byteLength < chunkBytes
        ? new Uint8Array(free.pop() ?? new ArrayBuffer(chunkBytes))
        : new Uint8Array(carry.byteLength * 2);
    bytes.set(carry);
    let filled = carry.byteLength;
    let cut: number;
    for (;;) {
      while (filled < bytes.byteLength && position < size) {
        const room = Math.min(bytes.byteLength - filled, size - position);
        const bytesRead = await read(bytes.subarray(filled, filled + room), position);
        if (bytesRead === 0) {
          position = size;
          break;
        }
        position += bytesRead;
        filled += bytesRead;
      }
      cut = position < size ? bytes.lastIndexOf(10, filled - 1) + 1 : filled;
      if (cut > 0 || position >= size) break;
      // One line past the limit, with no end in sight: stop growing the buffer for it.
      if (filled > maxLineBytes) break;
      // One line longer than the chunk: a bigger buffer for this chunk only.
      const bigger = new Uint8Array(bytes.byteLength * 2);
      bigger.set(bytes);
      bytes = bigger;
    }
    // Only a line longer than a chunk can be past the limit: it is the first one of a buffer that had to grow.
    if (bytes.byteLength > chunkBytes && lineLength(bytes, filled) > maxLineBytes) {
      // The lines before it are settled first, since a failure there comes first in the file.
      while (inFlight.length > 0) {
        const result = await settleOldest();
        if (result !== undefined) return result;
      }
      const line = count + 1;
      return {
        problem: lineTooLongProblem(line, maxLineBytes),
        numSamples: line,
        warnings,
      };
    }
    const last = position >= size;
    if (cut > 0) {
      carry = bytes.slice(cut, filled);
      const summary = workers.check({ index, buffer: bytes.buffer as ArrayBuffer, length: cut });
      // Rejections are awaited in order; one left behind after an early end must not be reported as unhandled.
      summary.catch(() => {});
      inFlight.push(summary);
    }
    while (inFlight.length >= maxInFlight || (last && inFlight.length > 0)) {
      const result = await settleOldest();
      if (result !== undefined) return result;
    }
    if (last) return { numSamples: count, ...(format !== undefined && { datasetFormat: format }), warnings };
  }
}

/** The length of the first line of `bytes[0, filled)`, its `\n` not counted (as the one-thread reader counts it). */
function lineLength(bytes: Uint8Array, filled: number): number {
  const newline = bytes.subarray(0, filled).indexOf(10);
  return newline < 0 ? filled : newline;
}
