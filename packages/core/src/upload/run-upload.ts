import { FileCheckError } from '../errors/upload-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import { planUpload, type UploadSettings } from '../multipart/plan.js';
import { uploadMultipart } from '../multipart/upload-multipart.js';
import { checkAndHash } from '../operations/check-and-hash.js';
import type { UploadResult } from '../operations/upload-result.js';
import { uploadOneShot, uploadSinglePart } from '../operations/upload-single.js';
import { asLocalReadError, throwIfAborted } from '../operations/upload-steps.js';
import { checkUploadPurpose, uploadFileType } from '../operations/validate.js';
import { isBrowser, isNode } from '../runtime.js';
import { type FileInput, resolveFileSource } from '../source/file-source.js';
import type { SpooledStream } from '../source/spool-stream.js';
import { createProgressReporter } from '../transfer/progress.js';
import type { UploadOptions } from './upload-file.js';

/** {@link uploadFile} of a path, Blob or bytes (a stream has become a temp file by then). */
export async function runUpload(
  context: FilesContext,
  options: UploadOptions & { file: FileInput },
  settings: UploadSettings = {},
  spooled: SpooledStream = {},
): Promise<UploadResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const purpose = checkUploadPurpose(options.purpose ?? 'fine-tune');
  const source = await resolveFileSource(options.file, { filename: options.filename });
  const fileType = uploadFileType(source.name, purpose);
  const plan = planUpload(source.size, settings);
  // Both flows send the file's sha256 first (POST /files, initiate): the check's read computes it, so the file is
  // read once before its bytes go; a spooled stream's was computed as it was written.
  let checksum = spooled.sha256;
  if (options.check !== false) {
    const checked = spooled.report
      ? { report: spooled.report }
      : await checkAndHash(options.file, {
          purpose,
          filename: source.name,
          signal,
          // `node:crypto` hashes while the check reads; elsewhere (a Worker) the flows hash afterwards, and
          // browsers send no checksum (one-shot upload).
          sha256: checksum === undefined && !isBrowser() && isNode(),
        }).catch(asLocalReadError(signal));
    throwIfAborted(signal);
    const { report } = checked;
    if (!report.is_check_passed) throw new FileCheckError({ report });
    if (options.check === 'strict' && report.warning_count > 0)
      throw new FileCheckError({
        report,
        message: `File check failed (strict): ${report.warning_count} warning${report.warning_count === 1 ? '' : 's'}; the first: ${report.warnings[0]?.message}`,
      });
    checksum ??= 'sha256' in checked ? checked.sha256 : undefined;
    try {
      options.onCheckReport?.(report);
    } catch (error) {
      context.logger.warn('onCheckReport threw', error);
    }
  }
  const startProgress = (resumed?: { parts: number; bytes: number }) =>
    createProgressReporter({
      total: source.size,
      listener: options.onProgress,
      onListenerError: (error) => context.logger.warn('onProgress threw', error),
      ...(resumed && { start: resumed.bytes, resumed }),
      ...(resumed && plan.kind === 'multipart' && { parts: plan.parts.length }),
    });
  if (plan.kind === 'multipart') {
    return uploadMultipart(context, {
      source,
      purpose,
      fileType,
      signal,
      parts: plan.parts,
      concurrency: plan.concurrency,
      resume: options.resume !== false,
      stateDir: settings.stateDir,
      startProgress,
      checksum,
    });
  }
  const job = { source, purpose, fileType, signal, progress: startProgress() };
  // Browsers hide a manual redirect's Location, so they take the one-shot endpoint.
  if (isBrowser()) return uploadOneShot(context, job);
  return uploadSinglePart(context, { ...job, checksum });
}
