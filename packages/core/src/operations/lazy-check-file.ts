import type { CheckOptions, CheckReport } from '@together-files/check';
import type { FileInput } from '../source/file-source.js';

/**
 * Runs the local file check (no network) and returns its report; never throws for a bad file. The check's code
 * loads on the first call, so an app that never checks a file never downloads it (nor the Parquet reader).
 */
export async function checkFile(file: FileInput, options?: CheckOptions): Promise<CheckReport> {
  const check = await import('@together-files/check');
  return check.checkFile(file, options);
}
