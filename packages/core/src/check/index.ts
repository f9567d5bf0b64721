export type { CheckFailure, CheckOptions, CheckReport, DatasetFormat } from './report.js';

import type { CheckOptions, CheckReport } from './report.js';

/**
 * Checks a file before upload, streamed in constant memory: a path (Node), a `Blob`/`File`, or bytes.
 * Never throws for a bad file: the report says what failed (and on which line).
 */
export async function checkFile(
  _file: string | Blob | Uint8Array,
  _options: CheckOptions = {},
): Promise<CheckReport> {
  throw new Error('checkFile: not implemented yet');
}
