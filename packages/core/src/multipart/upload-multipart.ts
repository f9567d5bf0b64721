import type { MultipartInitiateResponse } from '@together-files/types';
import { existingFileResult, type UploadResult } from '../files/upload-result.js';
import { duplicateFileId, stepError } from '../files/upload-steps.js';
import type { FilesFetch } from '../http/create-files-fetch.js';
import { earliestExpiry } from '../resume/url-expiry.js';
import type { ProgressReporter } from '../transfer/progress.js';
import { abort, complete, initiate, type MultipartJob, putParts } from './multipart-steps.js';
import { confirmInto, type OpenJournal, openJournalFor, resumeUpload } from './resume-multipart.js';

export type { MultipartJob } from './multipart-steps.js';

/**
 * initiate → PUT every part (a few at once, each streamed from its byte range and retried on its own) → complete
 * with the parts sorted and their ETags unquoted. Any failure after initiate aborts the upload, then throws.
 * A path upload keeps a journal (see resume/upload-journal.ts) so that a later call in another process, after a
 * crash, continues the same upload instead of starting again.
 */
export async function uploadMultipart(context: FilesFetch, job: MultipartJob): Promise<UploadResult> {
  const opened = await openJournalFor(context, job);
  try {
    let progress: ProgressReporter | undefined;
    if (opened?.journal.saved) {
      const outcome = await resumeUpload(context, job, opened);
      if (outcome.file) return outcome.file;
      progress = outcome.progress;
    }
    return await freshUpload(context, job, opened, progress ?? job.startProgress());
  } finally {
    await opened?.journal.release();
  }
}

async function freshUpload(
  context: FilesFetch,
  job: MultipartJob,
  opened: OpenJournal | undefined,
  progress: ProgressReporter,
): Promise<UploadResult> {
  let upload: MultipartInitiateResponse;
  try {
    upload = await initiate(context, job);
  } catch (error) {
    const existing = duplicateFileId(error);
    if (existing !== undefined) return existingFileResult(context, existing, { ...job, progress });
    throw stepError('initiate', error);
  }
  const journal = opened?.journal;
  try {
    await journal
      ?.start({
        version: 1,
        baseURL: context.options.baseURL,
        uploadId: upload.upload_id,
        fileId: upload.file_id,
        purpose: job.purpose,
        filename: job.source.name,
        fileType: job.fileType,
        source: opened!.identity,
        parts: job.parts,
        urls: upload.parts,
        urlsExpireAt: earliestExpiry(upload.parts.map((part) => part.URL)),
        confirmed: {},
      })
      .catch((error) => context.logger.warn('Cannot write the upload journal', error));
    const etags = await putParts(context, job, upload, {
      progress,
      etags: new Map(),
      onConfirmed: journal && confirmInto(context, journal),
    });
    const file = await complete(context, upload, etags, job.signal);
    await journal?.remove();
    return file;
  } catch (error) {
    await abort(context, upload);
    await journal?.remove();
    throw error;
  }
}
