import type { CheckReport } from '@together-files/check';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './api-error.js';
import { APIConnectionError, APITimeoutError, APIUserAbortError } from './connection-errors.js';
import { ResponseTooLargeError } from './response-errors.js';
import { TogetherError } from './together-error.js';
import { FileCheckError, UploadError, type UploadStep } from './upload-errors.js';

/** An error as plain data (structured-clone and JSON safe), for crossing a thread or process boundary. */
export interface PlainError {
  /** The class name, such as `NotFoundError`; decides the class {@link errorFromPlain} rebuilds. */
  name: string;
  message: string;
  status?: number;
  headers?: Record<string, string>;
  /** The error body as received. */
  error?: unknown;
  requestId?: string;
  /** The check report of a `FileCheckError`. */
  report?: CheckReport;
  /** The failed step of an `UploadError`. */
  step?: UploadStep;
  /** The limit of a `ResponseTooLargeError`, in bytes. */
  limit?: number;
  /** The cause, as plain data too. */
  cause?: PlainError;
  stack?: string;
}

type APIErrorClass = new (options: ConstructorParameters<typeof APIError>[0]) => APIError;

const apiClasses: Record<string, APIErrorClass> = {
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
};

const builtins: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError, Error };

/** Turns any thrown value into plain data that keeps everything {@link errorFromPlain} needs. */
export function errorToPlain(error: unknown, depth = 0): PlainError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const plain: PlainError = { name: error.name, message: error.message };
  if (error.stack) plain.stack = error.stack;
  if (error instanceof APIError) {
    if (error.status !== undefined) plain.status = error.status;
    plain.headers = { ...error.headers };
    if (error.error !== undefined) plain.error = toPlainData(error.error);
    if (error.requestId !== undefined) plain.requestId = error.requestId;
  }
  if (error instanceof FileCheckError) plain.report = toPlainData(error.report) as CheckReport;
  if (error instanceof UploadError) plain.step = error.step;
  if (error instanceof ResponseTooLargeError) plain.limit = error.limit;
  if (error.cause !== undefined && depth < 4) plain.cause = errorToPlain(error.cause, depth + 1);
  return plain;
}

/** Rebuilds the error of {@link errorToPlain}: the same class (so `instanceof` works), message and fields. */
export function errorFromPlain(plain: PlainError): Error {
  const cause = plain.cause ? errorFromPlain(plain.cause) : undefined;
  const error = build(plain, cause);
  if (plain.stack) error.stack = plain.stack;
  return error;
}

function build(plain: PlainError, cause: Error | undefined): Error {
  const { name, message } = plain;
  const ApiClass = apiClasses[name];
  if (ApiClass) {
    return new ApiClass({
      status: plain.status,
      headers: plain.headers,
      error: plain.error,
      message,
      requestId: plain.requestId,
      cause,
    });
  }
  switch (name) {
    case 'APIConnectionError':
      return new APIConnectionError({
        message,
        cause,
        ...(plain.requestId ? { requestId: plain.requestId } : {}),
      });
    case 'APITimeoutError':
      return new APITimeoutError({ message, cause });
    case 'APIUserAbortError':
      return new APIUserAbortError({ message, cause });
    case 'FileCheckError':
      if (plain.report) return new FileCheckError({ report: plain.report, message });
      break;
    case 'UploadError':
      return new UploadError({ step: plain.step ?? 'create', message, cause });
    case 'ResponseTooLargeError':
      return new ResponseTooLargeError({ limit: plain.limit ?? 0, message });
    case 'TogetherError':
      return new TogetherError(message, { cause });
  }
  const Builtin = builtins[name];
  if (Builtin) return new Builtin(message, { cause });
  const error = new Error(message, { cause });
  error.name = name;
  return error;
}

/** Strips anything that would not survive structured cloning (functions, class instances become records). */
function toPlainData(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}
