import type { FileObject } from '@together-files/types';

/** Anything a call returns, with the request id of the response that carried it. */
export type WithRequestId<T> = T & { readonly _requestId?: string | undefined };

/**
 * The Python SDK's names, derived (not sent by the service): `status` is `error` when processing failed or the
 * validation report says invalid, `processed` once processing completed (or, without processing, once `Processed`),
 * else `uploaded`; `status_details` is `validation_report.error` or `null`.
 */
export interface DerivedFileStatus {
  readonly status: 'uploaded' | 'processed' | 'error';
  readonly status_details: string | null;
}

/** A file object as the clients return it: the wire fields plus the derived, non-enumerable extras. */
export type FileResult = WithRequestId<FileObject & DerivedFileStatus>;

/** Attaches `_requestId` as a non-enumerable property (so JSON and `toEqual` still see only the wire fields). */
export function withRequestId<T extends object>(value: T, requestId: string | undefined): WithRequestId<T> {
  Object.defineProperty(value, '_requestId', hidden(requestId));
  return value;
}

/** A property JSON, `toEqual` and spreading do not see, which callers may still change or delete. */
function hidden(value: unknown): PropertyDescriptor {
  return { value, enumerable: false, configurable: true, writable: true };
}

/** Computes the derived `status` and `status_details` of a file object. */
export function deriveFileStatus(file: FileObject): DerivedFileStatus {
  const processing = file.processing_status;
  const failed =
    processing === 'FAILED' || processing === 'INVALID_FORMAT' || file.validation_report?.valid === false;
  const status = failed
    ? 'error'
    : processing === 'COMPLETED' || (processing === undefined && file.Processed)
      ? 'processed'
      : 'uploaded';
  return { status, status_details: file.validation_report?.error ?? null };
}

/** Adds the non-enumerable `status`, `status_details` and `_requestId` to a file object (in place). */
export function decorateFile(file: FileObject, requestId: string | undefined): FileResult {
  const { status, status_details } = deriveFileStatus(file);
  // One defineProperties call: this runs for every file of every list.
  Object.defineProperties(file, {
    status: hidden(status),
    status_details: hidden(status_details),
    _requestId: hidden(requestId),
  });
  return file as FileResult;
}
