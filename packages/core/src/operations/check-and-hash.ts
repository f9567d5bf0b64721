import { type CheckReport, checkFile } from '@together-files/check';
import type { UploadablePurpose } from '@together-files/enums';
import type { FileInput } from '../source/file-source.js';

/** What the upload's check needs. */
export interface CheckAndHashOptions {
  purpose: UploadablePurpose;
  filename: string;
  signal?: AbortSignal | undefined;
  /** Also compute the file's sha256 from the bytes the check reads (Node only). */
  sha256: boolean;
}

/** The check's report and, when asked for and the file passed, its sha256 as lowercase hex. */
export interface CheckAndHashResult {
  report: CheckReport;
  sha256?: string;
}

/**
 * Runs the dataset check with the file's sha256 fed from the same read (the check's reader hands each chunk to the
 * hash before it checks it), so an upload reads the file once before it sends it, not once to check and once to
 * hash. The hash is only worth its digest when the check passed: a failing check stops reading early.
 */
export async function checkAndHash(
  file: FileInput,
  options: CheckAndHashOptions,
): Promise<CheckAndHashResult> {
  const { purpose, filename, signal } = options;
  // Only Node hashes during the check (`node:crypto`): the web build folds to the plain check.
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !options.sha256)
    return { report: await checkFile(file, { purpose, filename, signal }) };
  const { createHash } = await import('node:crypto');
  let hash = createHash('sha256');
  const report = await checkFile(file, {
    purpose,
    filename,
    signal,
    onBytes: (chunk) => hash.update(chunk),
    onBytesRestart: () => {
      hash = createHash('sha256');
    },
  });
  return report.is_check_passed ? { report, sha256: hash.digest('hex') } : { report };
}
