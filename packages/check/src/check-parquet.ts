import { type CheckProblem, errorMessage } from './build-report.js';
import type { ByteSource } from './byte-source.js';
import { readParquetFooter } from './parquet-footer.js';

/**
 * The columns a fine-tune Parquet file may have (pre-tokenized data). Official source: together-py
 * `src/together/lib/constants.py`, `PARQUET_EXPECTED_COLUMNS`.
 */
export const PARQUET_ALLOWED_COLUMNS: readonly string[] = ['input_ids', 'attention_mask', 'labels'];

/** What the Parquet check found: the first problem, or the row count of a good file. */
export interface ParquetResult {
  /** The first broken rule; absent when the file passed. */
  problem?: CheckProblem;
  /** Rows, from the file's metadata, once it could be read. */
  numSamples: number | null;
}

/**
 * Checks a Parquet file from its footer alone (no row data is read): it opens, has an `input_ids` column, only
 * the allowed columns, and at least one row.
 */
export async function checkParquet(source: ByteSource, signal?: AbortSignal): Promise<ParquetResult> {
  let columns: string[];
  let rows: number;
  try {
    ({ columns, numRows: rows } = await readParquetFooter(source, signal));
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return {
      problem: {
        check: 'load_parquet',
        message: `The file is not a readable Parquet file (${errorMessage(error)})`,
      },
      numSamples: null,
    };
  }
  if (!columns.includes('input_ids'))
    return {
      problem: {
        check: 'load_parquet',
        message: `The Parquet file has no "input_ids" column (its columns: ${columns.join(', ') || 'none'})`,
      },
      numSamples: rows,
    };
  const unexpected = columns.find((column) => !PARQUET_ALLOWED_COLUMNS.includes(column));
  if (unexpected !== undefined)
    return {
      problem: {
        check: 'load_parquet',
        message: `The Parquet file has a column "${unexpected}" that is not allowed; the allowed columns are ${PARQUET_ALLOWED_COLUMNS.join(', ')}`,
      },
      numSamples: rows,
    };
  if (rows < 1)
    return {
      problem: { check: 'has_min_samples', message: 'The Parquet file has no rows; at least 1 is required' },
      numSamples: rows,
    };
  return { numSamples: rows };
}
