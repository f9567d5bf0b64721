import type { CheckOptions, CheckReport } from '../check/report.js';
import type { FileInput } from '../source/file-source.js';

/**
 * Runs the local file check (no network) and returns its report; never throws for a bad file. The check's code
 * loads on the first call, so an app that never checks a file never downloads it (nor the Parquet reader).
 */
export async function checkFile(file: FileInput, options?: CheckOptions): Promise<CheckReport> {
  const check = await import('../check/check-file.js');
  return check.checkFile(file, options);
}
