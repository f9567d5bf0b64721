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

/** What {@link build} hands a class's constructor: every class reads its own fields from it. */
interface RebuildOptions {
  message: string;
  cause: Error | undefined;
  step: UploadStep;
  limit: number;
  status: number | undefined;
  headers: Record<string, string> | undefined;
  error: unknown;
  requestId: string | undefined;
}

/**
 * The classes an error can cross as, found by their `errorName`; `TogetherError` (a message first) and
 * `FileCheckError` (only with its report) are built apart.
 */
const classes = new Map<string, new (options: RebuildOptions) => Error>(
  [
    APIError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
    APIConnectionError,
    APITimeoutError,
    APIUserAbortError,
    UploadError,
    ResponseTooLargeError,
  ].map((errorClass) => [errorClass.errorName, errorClass]),
);

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
  const { name, message, report } = plain;
  if (name === TogetherError.errorName) return new TogetherError(message, { cause });
  if (name === FileCheckError.errorName && report) return new FileCheckError({ report, message });
  const ErrorClass = classes.get(name);
  if (ErrorClass) {
    const { step = 'create', limit = 0, status, headers, error, requestId } = plain;
    return new ErrorClass({ message, cause, step, limit, status, headers, error, requestId });
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
