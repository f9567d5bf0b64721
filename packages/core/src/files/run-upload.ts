import { checkFile } from '@together-files/check';
import { FileCheckError } from '../errors/upload-errors.js';
import type { FilesFetch } from '../http/create-files-fetch.js';
import { planUpload, type UploadSettings } from '../multipart/plan.js';
import { uploadMultipart } from '../multipart/upload-multipart.js';
import { isBrowser } from '../runtime.js';
import { resolveFileSource } from '../source/file-source.js';
import { createProgressReporter } from '../transfer/progress.js';
import type { UploadOptions } from './upload-file.js';
import type { UploadResult } from './upload-result.js';
import { uploadOneShot, uploadSinglePart } from './upload-single.js';
import { localAbort, throwIfAborted } from './upload-steps.js';
import { checkUploadPurpose, uploadFileType } from './validate.js';

/** The upload behind {@link uploadFile}, in a module of its own so that it loads only when a file is uploaded. */
export async function runUpload(
  context: FilesFetch,
  options: UploadOptions,
  settings: UploadSettings = {},
): Promise<UploadResult> {
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
