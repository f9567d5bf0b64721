import type { FileObject, MultipartInitiateResponse } from '@together-files/types';
import { APIUserAbortError } from '../errors/connection-errors.js';
import { UploadError } from '../errors/upload-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import { decorateFile, type FileResult } from '../operations/decorate.js';
import { expectObject } from '../operations/file-operations.js';
import type { UploadJob } from '../operations/upload-single.js';
import { retryableUnlessDuplicate, stepError } from '../operations/upload-steps.js';
import type { ProgressReporter } from '../transfer/progress.js';
import { putBytes } from '../transfer/put-bytes.js';
import type { PlannedPart } from './plan.js';

/** A multipart job: the single-part job (without its reporter) plus the planned parts and how many go at once. */
export interface MultipartJob extends Omit<UploadJob, 'progress'> {
  parts: PlannedPart[];
  concurrency: number;
  /** Continue the journaled upload of the same path left by an earlier process (paths on Node only). */
  resume: boolean;
  /** The client option `upload.stateDir`. */
  stateDir: string | undefined;
  /** Makes the progress reporter; `resumed` when parts were confirmed by an earlier process (it starts there). */
  startProgress(resumed?: { parts: number; bytes: number }): ProgressReporter;
}

/**
 * `initiate` with the file's sha256 as `checksum` (as together-py v2 sends it; the caller computed it), checked: an
 * upload id, a file id and a URL for every planned part. A 409 `{ file_id }` (the service has these bytes already)
 * throws as is, for the caller to return that file.
 */
export async function initiate(
  context: FilesContext,
  job: MultipartJob & { checksum: string },
): Promise<MultipartInitiateResponse> {
  const { source, signal, checksum } = job;
  const { data, requestId } = await context.call(
    ({ signal }) =>
      context.client.POST('/files/multipart/initiate', {
        body: {
          file_name: source.name,
          file_size: source.size,
          num_parts: job.parts.length,
          purpose: job.purpose,
          file_type: job.fileType,
          checksum,
        },
        signal,
      }),
    { label: 'POST /files/multipart/initiate', signal, retryable: retryableUnlessDuplicate },
  );
  const upload = expectObject<MultipartInitiateResponse>(data, 'initiate', requestId);
  const count = job.parts.length;
  const numbers = new Set(upload.parts?.map((part) => part.PartNumber));
  const complete = job.parts.every((part) => numbers.has(part.partNumber));
  if (!upload.upload_id || !upload.file_id || !complete || upload.parts.some((part) => !part.URL)) {
    throw new UploadError({
      step: 'initiate',
      message: `initiate did not return an upload id, a file id and URLs for all ${count} parts.`,
    });
  }
  return upload;
}

/** How {@link putParts} runs: the parts already confirmed (skipped) and what to do as each one is. */
export interface PutPartsOptions {
  progress: ProgressReporter;
  /** ETags of parts confirmed earlier (another process); they are not sent again. Filled in as parts finish. */
  etags: Map<number, string>;
  /** Called (and awaited, before the next part starts) when storage confirmed a part. */
  onConfirmed?: ((partNumber: number, etag: string) => Promise<void>) | undefined;
}

/** PUTs the parts not yet in `etags`, at most `concurrency` in flight; the first failure stops the rest. */
export async function putParts(
  context: FilesContext,
  job: MultipartJob,
  upload: MultipartInitiateResponse,
  options: PutPartsOptions,
): Promise<Map<number, string>> {
  const { etags, progress } = options;
  const stop = new AbortController();
  const onAbort = () => stop.abort(job.signal?.reason);
  job.signal?.addEventListener('abort', onAbort, { once: true });
  const urls = new Map(upload.parts.map((part) => [part.PartNumber, part]));
  const pending = job.parts.filter((part) => !etags.has(part.partNumber));
  let base = 0;
  for (const part of job.parts) if (etags.has(part.partNumber)) base += part.end - part.start;
  const sent = new Map<number, number>();
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < pending.length && failure === undefined) {
      const part = pending[next++]!;
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
            let total = base;
            for (const bytes of sent.values()) total += bytes;
            progress.update(total, { part: part.partNumber, parts: job.parts.length });
          },
        });
        const etag = headers.etag?.replace(/^(W\/)?"|"$/g, '');
        if (!etag)
          throw new UploadError({
            step: 'part',
            message: `Part ${part.partNumber} was stored without an ETag.`,
          });
        etags.set(part.partNumber, etag);
        await options.onConfirmed?.(part.partNumber, etag);
      } catch (error) {
        failure ??= error;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, pending.length) }, worker));
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
  }
  if (job.signal?.aborted) throw new APIUserAbortError({ cause: job.signal.reason });
  if (failure !== undefined) throw stepError('part', failure);
  return etags;
}

/** `complete` with the parts sorted and their ETags unquoted; the answer may be the file or `{ file }`. */
export async function complete(
  context: FilesContext,
  upload: Pick<MultipartInitiateResponse, 'upload_id' | 'file_id'>,
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

/**
 * Best effort: tells the service to drop the parts; never masks the error that led here. `mayBeGone` (an upload
 * left by an earlier process) logs a failure at info level instead of warn: the service may have dropped it.
 */
export async function abort(
  context: FilesContext,
  upload: Pick<MultipartInitiateResponse, 'upload_id' | 'file_id'>,
  options: { mayBeGone?: boolean } = {},
): Promise<void> {
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
    const message = `Could not abort multipart upload ${upload.upload_id}`;
    if (options.mayBeGone) context.logger.info(message, error);
    else context.logger.warn(message, error);
  }
}
