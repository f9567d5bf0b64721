import type { CheckProblem } from './build-report.js';
import { checkFineTuneSample } from './fine-tune-format.js';
import type { DatasetFormat } from './report.js';
import type { SyntaxDecoder } from './utf8.js';

/**
 * Whole lines are decoded in pieces of at most this many bytes (a longer line is one piece of its own). Below V8's
 * large-object size (128 KiB), the text of a piece dies young in the nursery; a 1 MiB text would pile up in
 * large-object space until a full collection (peak RSS of a 1 GiB check: ~130 MB instead of ~50 MB).
 */
export const PIECE_BYTES = 64 * 1024;

/** Where a run of lines starts: the lines already checked before it and the format of the file's first line. */
export interface JsonlLinesOptions {
  /** Apply the fine-tune dataset format rules on top of the structural ones. */
  fineTune: boolean;
  /** Validates UTF-8 and turns bytes into text. */
  decoder: SyntaxDecoder;
  /** Lines already checked before the first one given (default 0). */
  count?: number;
  /** The dataset format of line 1, when it was checked already. */
  format?: DatasetFormat;
}

/**
 * The per-line rules of a JSONL file, with the little state they need: the line count and the format of line 1.
 * Lines may be fed in any segmentation of whole lines: the verdict and its message do not depend on it.
 */
export class JsonlLines {
  /** Lines checked so far (including a failing one). */
  count: number;
  /** The dataset format of line 1 (fine-tune rules only), once known. */
  format: DatasetFormat | undefined;
  readonly #fineTune: boolean;
  readonly #decoder: SyntaxDecoder;

  constructor(options: JsonlLinesOptions) {
    this.#fineTune = options.fineTune;
    this.#decoder = options.decoder;
    this.count = options.count ?? 0;
    this.format = options.format;
  }

  /**
   * Checks whole lines of bytes (each ends with `\n`, the file's last may not): UTF-8 first, then each line.
   * Returns the first problem in file order.
   */
  checkBytes(segment: Uint8Array): CheckProblem | undefined {
    const end = segment.byteLength;
    let start = 0;
    while (start < end) {
      let pieceEnd = end;
      if (end - start > PIECE_BYTES) {
        const newline = segment.lastIndexOf(10, start + PIECE_BYTES - 1);
        pieceEnd = newline >= start ? newline + 1 : segment.indexOf(10, start + PIECE_BYTES) + 1 || end;
      }
      const problem = this.#checkPiece(segment.subarray(start, pieceEnd));
      if (problem !== undefined) return problem;
      start = pieceEnd;
    }
    return undefined;
  }

  #checkPiece(piece: Uint8Array): CheckProblem | undefined {
    const decoded = this.#decoder.decode(piece);
    if (decoded.text !== undefined) return this.checkText(decoded.text);
    // The lines before the bad byte come first in the file, so their failures come first in the report.
    const badLineStart = piece.lastIndexOf(10, decoded.invalidAt) + 1;
    const problem = this.checkText(this.#decoder.decode(piece.subarray(0, badLineStart)).text ?? '');
    if (problem !== undefined) return problem;
    const line = this.count + 1;
    const byte = piece[decoded.invalidAt]!.toString(16).padStart(2, '0');
    return { check: 'utf8', line, message: `Line ${line}: the file is not valid UTF-8 (byte 0x${byte})` };
  }

  /** Checks whole lines of decoded `text` (each ends with `\n`, the file's last may not); returns the first problem. */
  checkText(text: string): CheckProblem | undefined {
    const end = text.length;
    let start = 0;
    while (start < end) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = end;
      const problem = this.#checkLine(text.slice(start, newline));
      if (problem !== undefined) return this.#explain(text.slice(start, newline), problem);
      start = newline + 1;
    }
    return undefined;
  }

  // The text checked is syntax-equivalent, not always exact (see loadSyntaxDecoder): the verdict stands, but a
  // message may quote the line, so the failing line is checked again as its real text for the words.
  #explain(text: string, problem: CheckProblem): CheckProblem {
    const exact = this.#decoder.exact(text);
    if (exact === text) return problem;
    this.count -= 1;
    return this.#checkLine(exact) ?? problem;
  }

  #checkLine(text: string): CheckProblem | undefined {
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
    if (!this.#fineTune) return undefined;
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
