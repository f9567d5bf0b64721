import { type CheckProblem, lineProblem } from './build-report.js';
import { checkFineTuneSample, isPlainObject, type SampleFinding } from './fine-tune-format.js';
import { parsePythonJson } from './python-json.js';
import type { DatasetFormat } from './report.js';
import { decodeValidLines, type SyntaxDecoder } from './utf8.js';
import { WarningList } from './warning-list.js';

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
  /** Where the semantic findings go (default: a new list with the default cap). */
  warnings?: WarningList;
}

/**
 * The per-line rules of a JSONL file, with the little state they need: the line count, the file's format and the
 * warnings. Structural rules (together-py v2's `_check_jsonl`: each line, as Python's text mode splits them, is JSON
 * that `json.loads` reads and an object) end the check at the first failure; the fine-tune format rules only add
 * warnings. Lines may be fed in any segmentation of whole lines: the verdict and its messages do not depend on it.
 */
export class JsonlLines {
  /** Lines checked so far (including a failing one). */
  count: number;
  /** The dataset format of the file (fine-tune rules only): that of the first line that has one. */
  format: DatasetFormat | undefined;
  /** The semantic findings so far. */
  readonly warnings: WarningList;
  readonly #fineTune: boolean;
  readonly #decoder: SyntaxDecoder;

  constructor(options: JsonlLinesOptions) {
    this.#fineTune = options.fineTune;
    this.#decoder = options.decoder;
    this.count = options.count ?? 0;
    this.format = options.format;
    this.warnings = options.warnings ?? new WarningList();
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
    const { text, invalidAt } = decodeValidLines(this.#decoder, piece);
    const problem = this.checkText(text);
    if (problem !== undefined || invalidAt === undefined) return problem;
    const byte = piece[invalidAt]!.toString(16).padStart(2, '0');
    return lineProblem('utf8', this.count + 1, `the file is not valid UTF-8 (byte 0x${byte})`);
  }

  /**
   * Checks whole lines of decoded `text` (each ends with `\n`, the file's last may not); returns the first problem.
   * Lines end as in Python's text mode, which together-py reads them in: at `\n`, `\r\n` and a lone `\r`.
   */
  checkText(text: string): CheckProblem | undefined {
    const end = text.length;
    let start = 0;
    while (start < end) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = end;
      let lineEnd = newline;
      if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1;
      let lineStart = start;
      // A lone carriage return ends a line too; the search is bounded by the line, so clean files pay one scan.
      for (
        let ret = text.indexOf('\r', lineStart);
        ret >= 0 && ret < lineEnd;
        ret = text.indexOf('\r', lineStart)
      ) {
        const problem = this.#checkOrExplain(text.slice(lineStart, ret));
        if (problem !== undefined) return problem;
        lineStart = ret + 1;
      }
      // A lone `\r` at the file's very end closes its line: no empty line follows it.
      if (lineStart < lineEnd || lineStart === start || newline < end) {
        const problem = this.#checkOrExplain(text.slice(lineStart, lineEnd));
        if (problem !== undefined) return problem;
      }
      start = newline + 1;
    }
    return undefined;
  }

  #checkOrExplain(line: string): CheckProblem | undefined {
    const problem = this.#checkLine(line);
    return problem === undefined ? undefined : this.#explain(line, problem);
  }

  // The text checked is syntax-equivalent, not always exact (see loadSyntaxDecoder): the verdict stands, but a
  // message may quote the line, so the failing line is checked again as its real text for the words.
  #explain(text: string, problem: CheckProblem): CheckProblem {
    // The web build decodes exactly (its syntax decoder is the strict one): the rest of this folds away there.
    if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) return problem;
    const exact = this.#decoder.exact(text);
    if (exact === text) return problem;
    this.count -= 1;
    // The line is checked again for its words only: what it found the first time is already counted.
    const { total, items } = this.warnings;
    const kept = items.length;
    const again = this.#checkLine(exact) ?? problem;
    this.warnings.total = total;
    items.length = kept;
    return again;
  }

  #checkLine(text: string): CheckProblem | undefined {
    const line = ++this.count;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Python's json reads NaN and Infinity, so together-py passes them; here they are a warning.
      const python = parsePythonJson(text);
      if (python === undefined) return syntaxProblem(text, line, error);
      value = python.value;
      this.warnings.add({
        line,
        rule: 'json_number',
        text: 'the line holds NaN or Infinity: Python reads them, but they are not JSON',
      });
    }
    return this.#checkValue(value, text, line);
  }

  #checkValue(value: unknown, text: string, line: number): CheckProblem | undefined {
    if (!isPlainObject(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return lineProblem('line_type', line, `expected a JSON object, found ${found}`);
    }
    if (!this.#fineTune) return undefined;
    const verdict = checkFineTuneSample(value);
    let finding: SampleFinding | undefined = verdict.finding;
    if (verdict.format !== undefined) {
      if (this.format === undefined) this.format = verdict.format;
      else if (finding === undefined && verdict.format !== this.format)
        finding = {
          rule: 'format_mismatch',
          message: `the sample is in ${verdict.format} format but the file is in ${this.format} format; all lines must use the same format`,
        };
    }
    if (finding !== undefined)
      this.warnings.add({ line, rule: finding.rule, text: this.#exactFinding(text, finding) });
    return undefined;
  }

  // A finding may quote a value: when the line is not plain ASCII, its words come from the real text.
  #exactFinding(text: string, finding: SampleFinding): string {
    // As in #explain: exact already in the web build.
    if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) return finding.message;
    const exact = this.#decoder.exact(text);
    if (exact === text) return finding.message;
    try {
      return (
        checkFineTuneSample(JSON.parse(exact) as Record<string, unknown>).finding?.message ?? finding.message
      );
    } catch {
      return finding.message;
    }
  }
}

function syntaxProblem(text: string, line: number, error: unknown): CheckProblem {
  // Only a line that failed to parse can be blank, so the common path pays nothing for these tests.
  if (text.trim() === '')
    return lineProblem('load_json', line, 'blank line; every line must hold a JSON object');
  if (text.charCodeAt(0) === 0xfeff)
    return lineProblem(
      'load_json',
      line,
      'starts with a byte order mark (BOM); save the file as UTF-8 without BOM',
    );
  // V8 quotes a bounded window of the line; other engines may not: keep the report one readable sentence.
  return lineProblem('load_json', line, `invalid JSON (${(error as Error).message.slice(0, 300)})`);
}
