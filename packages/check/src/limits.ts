import { type CheckProblem, lineProblem } from './build-report.js';

/**
 * The largest file the service takes: 50.1 GiB. Official source: together-py `src/together/lib/constants.py`
 * (`MAX_FILE_SIZE_GB = 50.1`), which its `check_file` and multipart upload both use.
 */
export const MAX_FILE_SIZE = Math.floor(50.1 * 2 ** 30);

/**
 * The longest JSONL (or CSV) line the check reads: 160 MiB. The service publishes no line limit; the largest sample
 * the official limits allow is 10 images (`MAX_IMAGES_PER_EXAMPLE`) of at most `MAX_BASE64_IMAGE_LENGTH` characters
 * (about 13.3 MiB) each, so about 133 MiB, and this leaves room for the text around them. A longer line fails at that
 * line without being held whole: the check's memory stays bounded whatever the input.
 */
export const MAX_LINE_BYTES = 160 * 1024 * 1024;

/** A line longer than the limit: the readers stop there, before holding it whole. */
export class LineTooLongError extends Error {
  constructor(readonly maxLineBytes: number) {
    super(`a line is longer than ${maxLineBytes} bytes`);
  }
}

/** The report's problem for line `line`, longer than the limit. */
export function lineTooLongProblem(line: number, maxLineBytes: number): CheckProblem {
  const mib = Math.round(maxLineBytes / 2 ** 20);
  return lineProblem(
    'line_length',
    line,
    `the line is longer than ${maxLineBytes} bytes (${mib} MiB), the longest a sample can be`,
  );
}

/** Files at least this large are checked in worker threads (when the runtime has them); below, startup dominates. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
