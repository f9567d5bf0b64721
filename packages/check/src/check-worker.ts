/**
 * The worker-thread entry of the parallel JSONL check (built as its own file, `dist/check-worker.{js,cjs}`, never
 * imported by the package's index). It checks chunks of whole lines as if each started a file and answers with a
 * summary; the main thread puts the summaries in file order and has the chunk that holds the first failure checked
 * again with the real line count and format, so reports and their words are exactly those of the one-thread check.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JsonlLines } from './jsonl-lines.js';
import type { CheckWarningRule, DatasetFormat } from './report.js';
import { loadSyntaxDecoder } from './utf8.js';
import type { LineFinding } from './warning-list.js';
import { WarningList } from './warning-list.js';

/** What the main thread tells a worker once, at start. */
export interface CheckWorkerSettings {
  /** Apply the fine-tune dataset format rules. */
  fineTune: boolean;
  /** Warnings a chunk lists at most (the file's cap: no chunk can need more). */
  maxWarnings: number;
}

/** One chunk to check: the first `length` bytes of `buffer`, whole lines (the file's last line may lack `\n`). */
export interface ChunkRequest {
  /** The chunk's place in the file, echoed back. */
  index: number;
  /** Transferred to the worker, and back with the summary. */
  buffer: ArrayBuffer;
  length: number;
}

/** A worker's verdict on a chunk checked on its own, as if it were a file. */
export interface ChunkSummary {
  index: number;
  /** The chunk's buffer, transferred back for reuse and for a check again on the main thread. */
  buffer: ArrayBuffer;
  length: number;
  /** Lines in the chunk (up to and including the failing one when `failed`). */
  lines: number;
  /** The format of the chunk's first line; with no failure, every line of the chunk has it. */
  format?: DatasetFormat;
  /** A structural rule is broken in the chunk, even with no earlier lines. */
  failed: boolean;
  /** The chunk's warnings, lines counted from the chunk's start (the first `maxWarnings`). */
  warnings: LineFinding[];
  /** How many warnings the chunk has. */
  warningCount: number;
  /** Every rule the chunk's warnings are about, listed or not. */
  warningRules: CheckWarningRule[];
}

const port = parentPort;
if (port !== null) {
  const settings = workerData as CheckWorkerSettings;
  const decoder = loadSyntaxDecoder();
  port.on('message', (request: ChunkRequest) => {
    decoder.then((syntaxDecoder) => {
      const warnings = new WarningList(settings.maxWarnings);
      const lines = new JsonlLines({ fineTune: settings.fineTune, decoder: syntaxDecoder, warnings });
      const problem = lines.checkBytes(new Uint8Array(request.buffer, 0, request.length));
      const summary: ChunkSummary = {
        index: request.index,
        buffer: request.buffer,
        length: request.length,
        lines: lines.count,
        format: lines.format,
        failed: problem !== undefined,
        warnings: warnings.items,
        warningCount: warnings.total,
        warningRules: [...warnings.rules],
      };
      port.postMessage(summary, [request.buffer]);
    });
  });
}
