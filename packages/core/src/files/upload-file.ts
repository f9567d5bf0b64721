import type { UploadablePurpose } from '@together-files/enums';
import { checkFile } from '../check/index.js';
import { FileCheckError } from '../errors/upload-errors.js';
import type { FilesFetch } from '../http/create-files-fetch.js';
import { planUpload, type UploadSettings } from '../multipart/plan.js';
import { uploadMultipart } from '../multipart/upload-multipart.js';
import { isBrowser } from '../runtime.js';
import { type FileInput, resolveFileSource } from '../source/file-source.js';
import { createProgressReporter, type ProgressListener } from '../transfer/progress.js';
import type { FileResult } from './decorate.js';
import { uploadOneShot, uploadSinglePart } from './upload-single.js';
import { localAbort, throwIfAborted } from './upload-steps.js';
import { checkUploadPurpose, uploadFileType } from './validate.js';

/** The arguments of `files.upload`. */
export interface UploadOptions {
  /** A path (Node), a `Blob`/`File`, or bytes. */
  file: FileInput;
  /** What the file is for (default `fine-tune`); one of `fine-tune`, `eval`, `batch-api`. */
  purpose?: UploadablePurpose | undefined;
  /** Run the local check first (default true); a failing check throws `FileCheckError` before any request. */
  check?: boolean | undefined;
  /** The name to store (its base name only); needed for bytes and unnamed Blobs. Its extension decides the type. */
  filename?: string | undefined;
  /** Upload progress: monotonic, at least every 1 % or 8 MiB. */
  onProgress?: ProgressListener | undefined;
  /** Cancels the upload (a multipart upload is aborted on the service too). */
  signal?: AbortSignal | undefined;
}

/**
 * Uploads a file: validates everything locally first (purpose, file, name, type, then the check), then takes the
 * single-part flow up to the multipart threshold and the multipart flow above it.
 */
export async function uploadFile(
  context: FilesFetch,
  options: UploadOptions,
  settings: UploadSettings = {},
): Promise<FileResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const purpose = checkUploadPurpose(options.purpose ?? 'fine-tune');
  const source = await resolveFileSource(options.file, { filename: options.filename });
  const fileType = uploadFileType(source.name, purpose);
  const plan = planUpload(source.size, settings);
  if (options.check !== false) {
    const report = await checkFile(options.file, { purpose, filename: source.name, signal }).catch(
      localAbort(signal),
    );
    throwIfAborted(signal);
    if (!report.is_check_passed) throw new FileCheckError({ report });
  }
  const progress = createProgressReporter({
    total: source.size,
    listener: options.onProgress,
    onListenerError: (error) => context.logger.warn('onProgress threw', error),
  });
  const job = { source, purpose, fileType, signal, progress };
  if (plan.kind === 'multipart')
    return uploadMultipart(context, { ...job, parts: plan.parts, concurrency: plan.concurrency });
  // Browsers hide a manual redirect's Location, so they take the one-shot endpoint.
  if (isBrowser()) return uploadOneShot(context, job);
  return uploadSinglePart(context, job);
}
