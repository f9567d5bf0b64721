import type { CheckProblem } from './build-report.js';
import { JsonlLines } from './jsonl-lines.js';
import { lineSegments } from './line-segments.js';
import type { DatasetFormat } from './report.js';
import { loadSyntaxDecoder } from './utf8.js';

/** What the JSONL check found: the first problem in file order, or the counts of a good file. */
export interface JsonlResult {
  /** The first broken rule, in file order; absent when the file passed. */
  problem?: CheckProblem;
  /** Lines checked (all of them when the file passed). */
  numSamples: number;
  /** The format of every line, when the fine-tune rules were applied and passed. */
  datasetFormat?: DatasetFormat;
}

/** How to check a JSONL file. */
export interface JsonlCheckOptions {
  /** Apply the fine-tune dataset format rules on top of the structural ones. */
  fineTune: boolean;
}

/**
 * Checks JSONL bytes, streamed: strict UTF-8, one JSON object a line, no blank lines (one final newline is fine),
 * and with `fineTune` the dataset format rules. Stops at the first failure, reported with its 1-based line.
 */
export async function checkJsonl(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonlCheckOptions,
): Promise<JsonlResult> {
  const lines = new JsonlLines({ fineTune: options.fineTune, decoder: await loadSyntaxDecoder() });
  for await (const segment of lineSegments(chunks)) {
    const problem = lines.checkBytes(segment);
    if (problem !== undefined) return { problem, numSamples: lines.count };
  }
  return { numSamples: lines.count, datasetFormat: lines.format };
}
