import type { MultipartInitiateResponse } from '@together-files/types';
import type { FilesContext } from '../http/create-files-context.js';
import { existingFileResult, type UploadResult } from '../operations/upload-result.js';
import { duplicateFileId, stepError, uploadChecksum } from '../operations/upload-steps.js';
import type { ProgressReporter } from '../transfer/progress.js';
import { abort, complete, initiate, type MultipartJob, putParts } from './multipart-steps.js';
import type { JournalSession } from './node-resume-multipart.js';

export type { MultipartJob } from './multipart-steps.js';

/**
 * initiate → PUT every part (a few at once, each streamed from its byte range and retried on its own) → complete
 * with the parts sorted and their ETags unquoted. Any failure after initiate aborts the upload, then throws.
 * A path upload with `resume` keeps a journal (resume/node-upload-journal.ts), so that a later call in another
 * process, after a crash, continues the same upload instead of starting again.
 */
export async function uploadMultipart(context: FilesContext, job: MultipartJob): Promise<UploadResult> {
  // Node only (a path): the web build folds the condition to false, and the journal is not even a chunk of it.
  const session =
    !(typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) &&
    job.resume &&
    job.source.kind === 'path'
      ? await (await import('./node-resume-multipart.js')).openJournalSession(context, job)
      : undefined;
  try {
    const outcome = session ? await session.resume() : {};
    if (outcome.file) return outcome.file;
    // The initiate sends the sha256 and the journal keeps it, so a resume can tell a file whose bytes changed
    // under the same size and mtime (the check's read computed it already, unless the check was off).
    const checksum = await uploadChecksum(job);
    return await freshUpload(context, { ...job, checksum }, session, outcome.progress ?? job.startProgress());
  } finally {
    await session?.release();
  }
}

async function freshUpload(
  context: FilesContext,
  job: MultipartJob & { checksum: string },
  session: JournalSession | undefined,
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
  const etags = new Map<number, string>();
  try {
    await session?.begin(upload, job.checksum);
    await putParts(context, job, upload, { progress, etags, onConfirmed: session?.confirm });
    const file = await complete(context, upload, etags, job.signal);
    await session?.remove();
    return file;
  } catch (error) {
    if (session !== undefined && job.signal?.aborted) throw session.paused(etags.size, error);
    await abort(context, upload);
    await session?.remove();
    throw error;
  }
}
