import { ConflictError } from '../errors/api-error.js';
import { APIUserAbortError } from '../errors/connection-errors.js';
import { TogetherError } from '../errors/together-error.js';
import { UploadError, type UploadStep } from '../errors/upload-errors.js';
import { isRetryable } from '../http/retry.js';
import type { FileSource } from '../source/file-source.js';
import { sha256OfSource } from '../transfer/sha256.js';

/** Wraps a failure of an upload step in an {@link UploadError}; a caller's abort and an UploadError pass through. */
export function stepError(step: UploadStep, error: unknown): Error {
  if (error instanceof APIUserAbortError || error instanceof UploadError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new APIUserAbortError({ cause: error });
  return new UploadError({ step, cause: error });
}

/** The id of the existing file when a call answered 409 `{ file_id }` (a file with the same checksum exists). */
export function duplicateFileId(error: unknown): string | undefined {
  if (!(error instanceof ConflictError)) return undefined;
  const fileId = (error.error as { file_id?: unknown } | undefined)?.file_id;
  return typeof fileId === 'string' && fileId ? fileId : undefined;
}

/** The retry rule of calls that may answer "duplicate": that 409 is an answer, not a hiccup. */
export function retryableUnlessDuplicate(error: unknown): boolean {
  return duplicateFileId(error) === undefined && isRetryable(error);
}

/** Throws {@link APIUserAbortError} when the caller aborted while local work (check, hashing) ran. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
}

/**
 * The catch handler of local reading (a file stream, a hash): the caller's abort becomes {@link APIUserAbortError},
 * our own errors pass, and any other failure becomes a {@link TogetherError} "Cannot read the file".
 */
export function asLocalReadError(signal: AbortSignal | undefined) {
  return (error: unknown): never => {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    if (error instanceof TogetherError) throw error;
    throw new TogetherError(`Cannot read the file: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  };
}

/**
 * The sha256 a flow sends (POST /files, initiate) as lowercase hex: the one the check's read computed, else the
 * file is read once for it.
 */
export async function uploadChecksum(job: {
  source: FileSource;
  signal?: AbortSignal | undefined;
  checksum?: string | undefined;
}): Promise<string> {
  const { source, signal } = job;
  return job.checksum ?? sha256OfSource(source, signal).catch(asLocalReadError(signal));
}
