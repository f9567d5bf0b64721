import type { ServerResponse } from 'node:http';
import type { ErrorData } from '@together-files/types';

/** The `type` of an error body, by status, as the service's SDKs know them. */
function errorTypeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 409) return 'conflict_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** What an {@link HttpError} may carry besides its status and message. */
export interface HttpErrorOptions {
  /** The request field at fault (`purpose`, `file_type`, ...). */
  param?: string;
  /** A machine-readable code. */
  code?: string;
  /** Overrides the `type` derived from the status. */
  type?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Extra top-level body fields (the 409 answer carries `file_id`). */
  body?: Record<string, unknown>;
}

/** A failure that becomes an `ErrorData` answer with its status. Handlers throw it; the server sends it. */
export class HttpError extends Error {
  readonly status: number;
  readonly options: HttpErrorOptions;

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.options = options;
  }

  /** The body on the wire: `{ error: { message, type, param, code }, ...extra }`. */
  toBody(): ErrorData & Record<string, unknown> {
    return {
      ...this.options.body,
      error: {
        message: this.message,
        type: this.options.type ?? errorTypeFor(this.status),
        param: this.options.param ?? null,
        code: this.options.code ?? null,
      },
    };
  }
}

/**
 * The answer an unexpected error becomes: 507 for a full disk (the upload is kept, a retry may succeed), else a
 * 500. Its message names only the error code (`ENOENT`, `EACCES`, ...): Node's own messages carry the store's
 * absolute paths, which no answer may show.
 */
export function internalError(error: unknown): HttpError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new HttpError(507, `The server's disk is full (${code}); the upload is kept, try again later`, {
      code: 'insufficient_storage',
    });
  }
  const known = typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code);
  return new HttpError(500, known ? `Internal server error (${code})` : 'Internal server error', {
    code: 'internal_error',
  });
}

/**
 * Answers with an error. Unexpected errors become a 500 (see {@link internalError}); when the answer has already
 * started, the connection is destroyed so the client sees the failure instead of a short body.
 */
export function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const httpError = error instanceof HttpError ? error : internalError(error);
  for (const [name, value] of Object.entries(httpError.options.headers ?? {}))
    response.setHeader(name, value);
  const body = JSON.stringify(httpError.toBody());
  response.writeHead(httpError.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
