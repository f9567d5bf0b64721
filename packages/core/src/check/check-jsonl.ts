import type { CheckProblem } from './build-report.js';
import { checkFineTuneSample } from './fine-tune-format.js';
import { lineSegments } from './line-segments.js';
import type { DatasetFormat } from './report.js';
import { loadSyntaxDecoder, type SyntaxDecoder } from './utf8.js';

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
  const decoder = await loadSyntaxDecoder();
  const lines = new JsonlLines(options.fineTune, decoder);
  for await (const segment of lineSegments(chunks)) {
    const decoded = decoder.decode(segment);
    if (decoded.text !== undefined) {
      const problem = lines.check(decoded.text);
      if (problem !== undefined) return { problem, numSamples: lines.count };
      continue;
    }
    // The lines before the bad byte come first in the file, so their failures come first in the report.
    const badLineStart = segment.lastIndexOf(10, decoded.invalidAt) + 1;
    const problem = lines.check(decoder.decode(segment.subarray(0, badLineStart)).text ?? '');
    if (problem !== undefined) return { problem, numSamples: lines.count };
    const line = lines.count + 1;
    const byte = segment[decoded.invalidAt]!.toString(16).padStart(2, '0');
    return {
      problem: { check: 'utf8', line, message: `Line ${line}: the file is not valid UTF-8 (byte 0x${byte})` },
      numSamples: lines.count,
    };
  }
  return { numSamples: lines.count, datasetFormat: lines.format };
}

/** The per-line rules, with the little state they need: the line count and the format of the first line. */
class JsonlLines {
  count = 0;
  format: DatasetFormat | undefined;

  constructor(
    private readonly fineTune: boolean,
    private readonly decoder: SyntaxDecoder,
  ) {}

  /** Checks whole lines of `text` (each ends with `\n`, the file's last may not); returns the first problem. */
  check(text: string): CheckProblem | undefined {
    const end = text.length;
    let start = 0;
    while (start < end) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = end;
      const problem = this.checkLine(text.slice(start, newline));
      if (problem !== undefined) return this.explain(text.slice(start, newline), problem);
      start = newline + 1;
    }
    return undefined;
  }

  // The text checked is syntax-equivalent, not always exact (see loadSyntaxDecoder): the verdict stands, but a
  // message may quote the line, so the failing line is checked again as its real text for the words.
  private explain(text: string, problem: CheckProblem): CheckProblem {
    const exact = this.decoder.exact(text);
    if (exact === text) return problem;
    this.count -= 1;
    return this.checkLine(exact) ?? problem;
  }

  private checkLine(text: string): CheckProblem | undefined {
    const line = ++this.count;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Only a line that failed to parse can be blank, so the common path pays nothing for these tests.
      if (text.trim() === '')
        return {
          check: 'load_json',
          line,
          message: `Line ${line}: blank line; every line must hold a JSON object`,
        };
      if (text.charCodeAt(0) === 0xfeff)
        return {
          check: 'load_json',
          line,
          message: `Line ${line}: starts with a byte order mark (BOM); save the file as UTF-8 without BOM`,
        };
      // V8 quotes a bounded window of the line; other engines may not: keep the report one readable sentence.
      const reason = (error as Error).message.slice(0, 300);
      return { check: 'load_json', line, message: `Line ${line}: invalid JSON (${reason})` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return { check: 'line_type', line, message: `Line ${line}: expected a JSON object, found ${found}` };
    }
    if (!this.fineTune) return undefined;
    const verdict = checkFineTuneSample(value as Record<string, unknown>, line);
    if (verdict.problem !== undefined) return verdict.problem;
    if (this.format === undefined) this.format = verdict.format;
    else if (verdict.format !== this.format)
      return {
        check: 'text_field',
        line,
        message: `Line ${line}: the sample is in ${verdict.format} format but line 1 is in ${this.format} format; all lines must use the same format`,
      };
    return undefined;
  }
}
