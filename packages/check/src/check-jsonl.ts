import type { CheckProblem } from './build-report.js';
import { JsonlLines } from './jsonl-lines.js';
import { LineTooLongError, lineTooLongProblem, MAX_LINE_BYTES } from './limits.js';
import { lineSegments } from './line-segments.js';
import type { DatasetFormat } from './report.js';
import { loadSyntaxDecoder } from './utf8.js';
import { WarningList } from './warning-list.js';

/** What the JSONL check found: the first structural problem in file order, the counts, and the warnings. */
export interface JsonlResult {
  /** The first broken structural rule, in file order; absent when the file passed. */
  problem?: CheckProblem;
  /** Lines checked (all of them when the file passed). */
  numSamples: number;
  /** The file's format, when the fine-tune rules were applied and a line had one. */
  datasetFormat?: DatasetFormat;
  /** The semantic findings, up to the problem if there is one. */
  warnings: WarningList;
}

/** How to check a JSONL file. */
export interface JsonlCheckOptions {
  /** Apply the fine-tune dataset format rules (warnings) on top of the structural ones. */
  fineTune: boolean;
  /** Warnings listed at most (all are counted). */
  maxWarnings?: number;
  /** The longest line read (default {@link MAX_LINE_BYTES}). */
  maxLineBytes?: number;
}

/**
 * Checks JSONL bytes, streamed: strict UTF-8, one JSON object a line, no blank lines (one final newline is fine),
 * lines no longer than the limit; with `fineTune`, the dataset format rules as warnings. Stops at the first
 * structural failure, reported with its 1-based line.
 */
export async function checkJsonl(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonlCheckOptions,
): Promise<JsonlResult> {
  const warnings = new WarningList(options.maxWarnings);
  const lines = new JsonlLines({ fineTune: options.fineTune, decoder: await loadSyntaxDecoder(), warnings });
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  try {
    for await (const segment of lineSegments(chunks, maxLineBytes)) {
      const problem = lines.checkBytes(segment);
      if (problem !== undefined) return { problem, numSamples: lines.count, warnings };
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError)) throw error;
    const line = lines.count + 1;
    return { problem: lineTooLongProblem(line, maxLineBytes), numSamples: line, warnings };
  }
  return {
    numSamples: lines.count,
    ...(lines.format !== undefined && { datasetFormat: lines.format }),
    warnings,
  };
}
