import type { FileObject, MultipartInitiateResponse } from '@together-files/types';
import { APIUserAbortError } from '../errors/connection-errors.js';
import { UploadError } from '../errors/upload-errors.js';
import { decorateFile, type FileResult } from '../files/decorate.js';
import { expectObject } from '../files/file-operations.js';
import { existingFileResult, type UploadResult } from '../files/upload-result.js';
import type { UploadJob } from '../files/upload-single.js';
import { duplicateFileId, retryableUnlessDuplicate, stepError } from '../files/upload-steps.js';
import type { FilesFetch } from '../http/create-files-fetch.js';
import { putBytes } from '../transfer/put-bytes.js';
import type { PlannedPart } from './plan.js';

/** A multipart job: the single-part job plus the planned parts and how many go at once. */
export interface MultipartJob extends UploadJob {
  parts: PlannedPart[];
  concurrency: number;
}

/**
 * initiate → PUT every part (a few at once, each streamed from its byte range and retried on its own) → complete
 * with the parts sorted and their ETags unquoted. Any failure after initiate aborts the upload, then throws.
 */
export async function uploadMultipart(context: FilesFetch, job: MultipartJob): Promise<UploadResult> {
  const { source, signal } = job;
  let upload: MultipartInitiateResponse;
  try {
    const { data, requestId } = await context.call(
      ({ signal }) =>
        context.client.POST('/files/multipart/initiate', {
          body: {
            file_name: source.name,
            file_size: source.size,
            num_parts: job.parts.length,
            purpose: job.purpose,
            file_type: job.fileType,
          },
          signal,
        }),
      { label: 'POST /files/multipart/initiate', signal, retryable: retryableUnlessDuplicate },
    );
    upload = checkInitiate(
      expectObject<MultipartInitiateResponse>(data, 'initiate', requestId),
      job.parts.length,
    );
  } catch (error) {
    const existing = duplicateFileId(error);
    if (existing !== undefined) return existingFileResult(context, existing, job);
    throw stepError('initiate', error);
  }
  try {
    const etags = await putParts(context, job, upload);
    return await complete(context, upload, etags, signal);
  } catch (error) {
    await abort(context, upload);
    throw error;
  }
}

function checkInitiate(upload: MultipartInitiateResponse, count: number): MultipartInitiateResponse {
  const numbers = new Set(upload.parts?.map((part) => part.PartNumber));
  const complete = Array.from({ length: count }, (_, index) => index + 1).every((number) =>
    numbers.has(number),
  );
  if (!upload.upload_id || !upload.file_id || !complete || upload.parts.some((part) => !part.URL)) {
    throw new UploadError({
      step: 'initiate',
      message: `initiate did not return an upload id, a file id and URLs for all ${count} parts.`,
    });
  }
  return upload;
}

/** PUTs the parts with at most `concurrency` in flight; the first failure stops the rest. Returns ETags by part. */
async function putParts(
  context: FilesFetch,
  job: MultipartJob,
  upload: MultipartInitiateResponse,
): Promise<Map<number, string>> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(job.signal?.reason);
  job.signal?.addEventListener('abort', onAbort, { once: true });
  const urls = new Map(upload.parts.map((part) => [part.PartNumber, part]));
  const etags = new Map<number, string>();
  const sent = new Map<number, number>();
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < job.parts.length && failure === undefined) {
      const part = job.parts[next++]!;
      const target = urls.get(part.partNumber)!;
      try {
        const headers = await putBytes(context, {
          url: new URL(target.URL, `${context.options.baseURL}/`).href,
          headers: target.Headers,
          range: { source: job.source, start: part.start, end: part.end },
          signal: stop.signal,
          label: `PUT part ${part.partNumber} of ${job.parts.length}`,
          onSent(loaded) {
            sent.set(part.partNumber, loaded);
            let total = 0;
            for (const bytes of sent.values()) total += bytes;
            job.progress.update(total, { part: part.partNumber, parts: job.parts.length });
          },
        });
        const etag = headers.etag?.replace(/^(W\/)?"|"$/g, '');
        if (!etag)
          throw new UploadError({
            step: 'part',
            message: `Part ${part.partNumber} was stored without an ETag.`,
          });
        etags.set(part.partNumber, etag);
      } catch (error) {
        failure ??= error;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.parts.length) }, worker));
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
  }
  if (job.signal?.aborted) throw new APIUserAbortError({ cause: job.signal.reason });
  if (failure !== undefined) throw stepError('part', failure);
  return etags;
}

async function complete(
  context: FilesFetch,
  upload: MultipartInitiateResponse,
  etags: Map<number, string>,
  signal: AbortSignal | undefined,
): Promise<FileResult> {
  const parts = [...etags].sort(([a], [b]) => a - b).map(([part_number, etag]) => ({ part_number, etag }));
  try {
    const { data, requestId } = await context.call(
      ({ signal }) =>
        context.client.POST('/files/multipart/complete', {
          body: { upload_id: upload.upload_id, file_id: upload.file_id, parts },
          signal,
        }),
      { label: 'POST /files/multipart/complete', signal },
    );
    const body = expectObject<FileObject | { file: FileObject }>(data, 'complete', requestId);
    const file = 'file' in body && typeof body.file === 'object' ? body.file : (body as FileObject);
    return decorateFile(file, requestId);
  } catch (error) {
    throw stepError('complete', error);
  }
}

/** Best effort: tells the service to drop the parts; never masks the error that led here. */
async function abort(context: FilesFetch, upload: MultipartInitiateResponse): Promise<void> {
  try {
    await context.call(
      ({ signal }) =>
        context.client.POST('/files/multipart/abort', {
          body: { upload_id: upload.upload_id, file_id: upload.file_id },
          signal,
        }),
      { label: 'POST /files/multipart/abort' },
    );
  } catch (error) {
    context.logger.warn(`Could not abort multipart upload ${upload.upload_id}`, error);
  }
}
