import type { UploadableFileType, UploadablePurpose } from '@together-files/enums';
import type { FileObject } from '@together-files/types';
import { UploadError } from '../errors/upload-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import type { FileSource } from '../source/file-source.js';
import type { ProgressReporter } from '../transfer/progress.js';
import { putBytes } from '../transfer/put-bytes.js';
import { decorateFile, type FileResult } from './decorate.js';
import { expectObject } from './file-operations.js';
import { existingFileResult, type UploadResult } from './upload-result.js';
import { duplicateFileId, retryableUnlessDuplicate, stepError, uploadChecksum } from './upload-steps.js';
import { checkFileId } from './validate.js';

/** What a single-part or one-shot upload needs, already validated. */
export interface UploadJob {
  source: FileSource;
  purpose: UploadablePurpose;
  fileType: UploadableFileType;
  signal?: AbortSignal | undefined;
  progress: ProgressReporter;
  /** The sha256 computed while the check read the file; the flow reads the file to compute it when absent. */
  checksum?: string | undefined;
}

/**
 * The service's single-part flow (Node): sha256 streamed → `POST /files` (redirect not followed) → 302 → streamed
 * PUT to `Location` → `POST /files/{id}/preprocess`. A 409 `{ file_id }` returns the existing file, marked `already_existed`.
 */
export async function uploadSinglePart(context: FilesContext, job: UploadJob): Promise<UploadResult> {
  const { source, signal } = job;
  const checksum = await uploadChecksum(job);
  let created: Awaited<ReturnType<typeof createUpload>>;
  try {
    created = await createUpload(context, job, checksum);
  } catch (error) {
    const existing = duplicateFileId(error);
    if (existing === undefined) throw stepError('create', error);
    return existingFileResult(context, existing, job);
  }
  try {
    await putBytes(context, {
      url: created.location,
      range: { source, start: 0, end: source.size },
      signal,
      onSent: (loaded) => job.progress.update(loaded),
      label: `PUT ${source.name}`,
    });
  } catch (error) {
    throw stepError('put', error);
  }
  try {
    const { data, requestId } = await context.call(
      ({ signal }) =>
        context.client.POST('/files/{id}/preprocess', { params: { path: { id: created.fileId } }, signal }),
      { label: 'POST /files/{id}/preprocess', signal },
    );
    return decorateFile(expectObject<FileObject>(data, 'preprocess', requestId), requestId);
  } catch (error) {
    throw stepError('preprocess', error);
  }
}

async function createUpload(context: FilesContext, job: UploadJob, checksum: string) {
  const { response } = await context.call(
    ({ signal }) =>
      context.client.POST('/files', {
        body: { purpose: job.purpose, file_name: job.source.name, file_type: job.fileType, checksum },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        // The 302 points at storage: following it would send our credentials there. We PUT it ourselves.
        redirect: 'manual',
        signal,
      }),
    { label: 'POST /files', signal: job.signal, acceptStatus: [302], retryable: retryableUnlessDuplicate },
  );
  const location = response.headers.get('location');
  const fileId = response.headers.get('x-together-file-id');
  if (response.status !== 302 || !location || !fileId) {
    throw new UploadError({
      step: 'create',
      message: `POST /files answered ${response.status} without the Location and X-Together-File-Id of a 302.`,
    });
  }
  checkFileId(fileId);
  return { location: new URL(location, `${context.options.baseURL}/`).href, fileId };
}

/**
 * The one-shot `POST /files/upload` (multipart form), for browsers: there a manual redirect is opaque, so the
 * 302 flow cannot read `Location`. fetch cannot report upload progress, so the deadline grows with the size.
 */
export async function uploadOneShot(context: FilesContext, job: UploadJob): Promise<FileResult> {
  const { source, signal } = job;
  const form = new FormData();
  form.append('purpose', job.purpose);
  form.append('file_name', source.name);
  form.append('file_type', job.fileType);
  const blob =
    source.kind === 'blob'
      ? source.blob
      : source.kind === 'bytes'
        ? new Blob([source.bytes as BlobPart])
        : undefined;
  if (!blob) throw new UploadError({ step: 'put', message: 'A path cannot be uploaded from this runtime.' });
  form.append('file', blob, source.name);
  const timeout = context.options.timeout * Math.max(1, Math.ceil(source.size / (16 * 1024 * 1024)));
  try {
    const { data, requestId } = await context.call(
      ({ signal }) =>
        context.client.POST('/files/upload', { body: form as never, bodySerializer: (body) => body, signal }),
      { label: 'POST /files/upload', signal, timeout },
    );
    job.progress.update(source.size);
    return decorateFile(expectObject<FileObject>(data, 'POST /files/upload', requestId), requestId);
  } catch (error) {
    throw stepError('put', error);
  }
}
