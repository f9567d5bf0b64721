import { emptyReport, failReport } from './build-report.js';
import type { ByteSource } from './byte-source.js';
import { checkContent, checkTypeAndPurpose, readProblem, sizeProblem, tapped } from './check-file.js';
import { MAX_FILE_SIZE } from './limits.js';
import type { CheckOptions, CheckReport } from './report.js';

/** What {@link checkStream} needs besides the bytes: the name is required, since a stream has none of its own. */
export interface CheckStreamOptions extends Omit<CheckOptions, 'filename' | 'onBytesRestart'> {
  /** The name whose extension decides the type (`.jsonl` or `.csv`; see {@link checkStream} for Parquet). */
  filename: string;
}

/** A stream's size passed the limit: the check stops there. */
class TooLarge extends Error {}

/**
 * Checks bytes as they arrive, in one pass and constant memory: a JSONL or CSV dataset from a stream (stdin, a
 * generator, the bytes an upload writes to its temp file). The report is the one {@link checkFile} gives for the
 * same bytes, except that a failure stops reading: `file_size` then counts the bytes read up to the verdict.
 * `onBytes` receives every byte read, in order. A Parquet file is refused (`filetype`): its check needs the footer
 * at the end, so check the written file with `checkFile` instead. Throws only when `signal` aborts.
 */
export async function checkStream(
  chunks: AsyncIterable<Uint8Array>,
  options: CheckStreamOptions,
): Promise<CheckReport> {
  const { signal } = options;
  signal?.throwIfAborted();
  const report = emptyReport();
  report.found = true;
  const typeProblem = checkTypeAndPurpose(report, options.filename, options);
  if (typeProblem !== undefined) return failReport(report, typeProblem);
  if (report.filetype === 'parquet')
    return failReport(report, {
      check: 'filetype',
      message:
        'A Parquet file is checked from its footer, at its end: write it out and check the file instead',
    });
  let size = 0;
  const source: ByteSource = {
    get size() {
      return size;
    },
    name: options.filename,
    chunks: () =>
      tapped(chunks, (chunk) => {
        signal?.throwIfAborted();
        size += chunk.byteLength;
        if (size > MAX_FILE_SIZE) throw new TooLarge();
      }),
    range: () => Promise.reject(new Error('a stream has no ranges')),
    close: async () => {},
  };
  let checked: CheckReport;
  try {
    checked = await checkContent(report, source, options);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // (A Parquet stream was refused above: the load check is that of JSONL or CSV.)
    const problem = error instanceof TooLarge ? sizeProblem(size)! : readProblem(report, 'stream', error);
    report.file_size = size;
    return failReport(report, problem);
  }
  checked.file_size = size;
  // Nothing came: the size rule's verdict, as checkFile gives it for an empty file.
  if (size === 0) return failReport(emptyWith(checked), sizeProblem(0)!);
  return checked;
}

function emptyWith(report: CheckReport): CheckReport {
  return { ...emptyReport(), found: true, file_size: 0, filetype: report.filetype };
}
