import { redactText } from './redact.js';
import { TogetherError } from './together-error.js';

/** What an {@link APIError} is built from; every field is plain data. */
export interface APIErrorOptions {
  /** The HTTP status, or `undefined` when no response arrived. */
  status?: number | undefined;
  /** Response headers, lower-case names. */
  headers?: Record<string, string> | undefined;
  /** The parsed error body (`{ error: { message, type, param, code } }`), or its text when it was not JSON. */
  error?: unknown;
  /** Overrides the message derived from the status and body. */
  message?: string | undefined;
  /** The request id the service sent (`x-request-id`, `request-id` or `cf-ray`). */
  requestId?: string | undefined;
  /** What caused this error (a network error, say). */
  cause?: unknown;
}

/** An error about a call to the service: an error status, or (subclasses) no usable response at all. */
export class APIError extends TogetherError {
  static override readonly errorName: string = 'APIError';

  /** The HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;
  /** The response headers, lower-case names (empty without a response). */
  readonly headers: Record<string, string>;
  /** The error body as received: parsed JSON, or text. */
  readonly error: unknown;
  /** `error.code` of the body, when present. */
  readonly code: string | null | undefined;
  /** `error.type` of the body, when present. */
  readonly type: string | null | undefined;
  /** `error.param` of the body, when present. */
  readonly param: string | null | undefined;
  /** The request id, for support. */
  readonly requestId: string | undefined;

  constructor(options: APIErrorOptions) {
    super(options.message ?? describe(options.status, options.error), { cause: options.cause });
    const inner = innerError(options.error);
    this.status = options.status;
    this.headers = options.headers ?? {};
    this.error = options.error;
    this.code = stringField(inner, 'code');
    this.type = stringField(inner, 'type');
    this.param = stringField(inner, 'param');
    this.requestId = options.requestId;
  }

  /** Builds the subclass that matches the status (404 → {@link NotFoundError}, and so on). */
  static fromResponse(options: APIErrorOptions & { status: number }): APIError {
    const ErrorClass = classForStatus(options.status);
    return new ErrorClass(options);
  }
}

/** 400: the request is malformed or names a value the service does not accept. */
export class BadRequestError extends APIError {
  static override readonly errorName: string = 'BadRequestError';
}
/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {
  static override readonly errorName: string = 'AuthenticationError';
}
/** 403: the key may not do this (or a storage URL expired or was tampered with). */
export class PermissionDeniedError extends APIError {
  static override readonly errorName: string = 'PermissionDeniedError';
}
/** 404: no such file. */
export class NotFoundError extends APIError {
  static override readonly errorName: string = 'NotFoundError';
}
/** 409: a conflict, such as a file with the same checksum. */
export class ConflictError extends APIError {
  static override readonly errorName: string = 'ConflictError';
}
/** 422: the request is well-formed but cannot be processed. */
export class UnprocessableEntityError extends APIError {
  static override readonly errorName: string = 'UnprocessableEntityError';
}
/** 429: too many requests; retried automatically, thrown once the retries are spent. */
export class RateLimitError extends APIError {
  static override readonly errorName: string = 'RateLimitError';
}
/** 500 and above: the service failed. */
export class InternalServerError extends APIError {
  static override readonly errorName: string = 'InternalServerError';
}

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function classForStatus(status: number): typeof APIError {
  return byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

function innerError(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const inner = (body as { error?: unknown }).error;
  if (typeof inner === 'object' && inner !== null) return inner as Record<string, unknown>;
  return body as Record<string, unknown>;
}

function stringField(record: Record<string, unknown> | undefined, key: string): string | null | undefined {
  const value = record?.[key];
  return typeof value === 'string' || value === null ? value : undefined;
}

/**
 * A readable message from whatever the body was: JSON with `error.message`, a bare string, or nothing. Redacted: a
 * storage error body may echo the signed URL or the credentials it was called with.
 */
function describe(status: number | undefined, body: unknown): string {
  return redactText(describeBody(status, body));
}

function describeBody(status: number | undefined, body: unknown): string {
  const prefix = status === undefined ? 'Request failed' : `${status}`;
  const inner = innerError(body);
  const message = inner?.message;
  if (typeof message === 'string' && message) return `${prefix} ${message}`;
  if (typeof inner?.error === 'string' && inner.error) return `${prefix} ${inner.error}`;
  if (typeof body === 'string' && body.trim()) return `${prefix} ${truncate(body.trim(), 500)}`;
  if (body !== undefined && body !== null && typeof body === 'object') {
    return `${prefix} ${truncate(JSON.stringify(body), 500)}`;
  }
  return status === undefined ? prefix : `${status} status code (no body)`;
}

// Redacted before it is cut, so that a cut cannot leave half a signature behind.
function truncate(body: string, length: number): string {
  const text = redactText(body);
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
