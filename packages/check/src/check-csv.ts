import { type CheckProblem, lineProblem } from './build-report.js';
import { LineTooLongError, lineTooLongProblem } from './limits.js';
import { lineSegments } from './line-segments.js';
import { decodeValidLines, loadSyntaxDecoder } from './utf8.js';

/** What the CSV check found: the first problem, or the number of data rows of a good file. */
export interface CsvResult {
  /** The first broken rule; absent when the file passed. */
  problem?: CheckProblem;
  /** Data rows (the header excluded) read so far: all of them when the file passed. */
  numSamples: number;
}

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/**
 * Checks CSV bytes, streamed (RFC 4180): strict UTF-8, a header row, and every data row with the header's column
 * count. Quoted fields may hold commas, doubled quotes and newlines. A UTF-8 byte order mark before the header is
 * accepted (spreadsheets write one). The line of a failure is the physical line where the bad row starts.
 */
export async function checkCsv(chunks: AsyncIterable<Uint8Array>): Promise<CsvResult> {
  // Only the counts matter here, never the cell values, so syntax-equivalent text is all the parser needs.
  const decoder = await loadSyntaxDecoder();
  const parser = new CsvRows();
  let first = true;
  try {
    for await (const whole of lineSegments(chunks)) {
      // A byte order mark before the header is dropped as bytes: the syntax decoder may not spell it U+FEFF.
      const bom = first && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf;
      const segment = bom ? whole.subarray(3) : whole;
      first = false;
      const { text, invalidAt } = decodeValidLines(decoder, segment);
      const problem = parser.feed(text);
      if (problem !== undefined) return { problem, numSamples: parser.rows };
      if (invalidAt !== undefined) {
        return {
          problem: lineProblem('utf8', parser.line, 'the file is not valid UTF-8'),
          numSamples: parser.rows,
        };
      }
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError)) throw error;
    return { problem: lineTooLongProblem(parser.line, error.maxLineBytes), numSamples: parser.rows };
  }
  const problem = parser.finish();
  return problem === undefined ? { numSamples: parser.rows } : { problem, numSamples: parser.rows };
}

/** A CSV record reader that keeps its state between pieces of text, so records may span segments. */
class CsvRows {
  /** Data rows completed (the header excluded). */
  rows = 0;
  /** The 1-based physical line being read. */
  line = 1;
  #columns = -1;
  #fields = 1;
  #rowLine = 1;
  #inQuotes = false;
  #afterQuote = false;
  #atFieldStart = true;
  #rowEmpty = true;

  /** Reads more text; returns the first problem. */
  feed(text: string): CheckProblem | undefined {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (this.#inQuotes) {
        if (code === QUOTE) {
          this.#inQuotes = false;
          this.#afterQuote = true;
        } else if (code === NEWLINE) this.line += 1;
        continue;
      }
      if (this.#afterQuote) {
        this.#afterQuote = false;
        // A doubled quote inside a quoted field is one literal quote: the field goes on.
        if (code === QUOTE) {
          this.#inQuotes = true;
          continue;
        }
        // Python's csv (not strict, as together-py reads it) keeps what follows a closing quote in the field.
      }
      if (code === COMMA) {
        this.#fields += 1;
        this.#atFieldStart = true;
        this.#rowEmpty = false;
      } else if (code === NEWLINE) {
        const problem = this.#endRow();
        if (problem !== undefined) return problem;
        this.line += 1;
        this.#rowLine = this.line;
      } else if (code === QUOTE && this.#atFieldStart) {
        this.#inQuotes = true;
        this.#atFieldStart = false;
        this.#rowEmpty = false;
      } else if (code !== RETURN || text.charCodeAt(index + 1) !== NEWLINE) {
        this.#atFieldStart = false;
        this.#rowEmpty = false;
      }
    }
    return undefined;
  }

  /** Ends the text: closes the last row (a file need not end with a newline) and requires one data row. */
  finish(): CheckProblem | undefined {
    if (this.#inQuotes) return lineProblem('load_csv', this.#rowLine, 'a quoted field is never closed');
    // A final newline ends the last row; it does not start an empty one.
    if (!this.#rowEmpty || this.#fields > 1) {
      const problem = this.#endRow();
      if (problem !== undefined) return problem;
    }
    if (this.#columns < 0) return { check: 'load_csv', message: 'The CSV file has no header row' };
    if (this.rows === 0)
      return {
        check: 'has_min_samples',
        message: 'The CSV file has a header but no data rows; at least 1 is required',
      };
    return undefined;
  }

  #endRow(): CheckProblem | undefined {
    const fields = this.#fields;
    const empty = this.#rowEmpty;
    this.#fields = 1;
    this.#atFieldStart = true;
    this.#rowEmpty = true;
    if (this.#columns < 0) {
      // The header is the first row, so this is line 1.
      if (empty) return lineProblem('load_csv', this.#rowLine, 'the header row is empty');
      this.#columns = fields;
      return undefined;
    }
    // Python's csv reads a blank line as no row at all: together-py's check skips it, and so does this one.
    if (empty && fields === 1) return undefined;
    this.rows += 1;
    if (fields !== this.#columns)
      return lineProblem(
        'load_csv',
        this.#rowLine,
        `row ${this.rows} has ${fields} column${fields === 1 ? '' : 's'} but the header has ${this.#columns}`,
      );
    return undefined;
  }
}
