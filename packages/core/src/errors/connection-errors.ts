import { APIError } from './api-error.js';
import { nameErrorClass } from './together-error.js';

/** No usable response: the connection failed, was reset, or the body ended early. Retried automatically. */
export class APIConnectionError extends APIError {
  constructor(options: { message?: string; cause?: unknown; requestId?: string } = {}) {
    super({
      message: options.message ?? 'Connection error.',
      cause: options.cause,
      requestId: options.requestId,
    });
  }
}
nameErrorClass(APIConnectionError, 'APIConnectionError');

/** The deadline passed: a JSON call took longer than `timeout`, or a transfer sent no byte for that long. */
export class APITimeoutError extends APIConnectionError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({ message: options.message ?? 'Request timed out.', cause: options.cause });
  }
}
nameErrorClass(APITimeoutError, 'APITimeoutError');

/** The caller aborted (through `signal`). Never retried. */
export class APIUserAbortError extends APIError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({ message: options.message ?? 'Request was aborted.', cause: options.cause });
  }
}
nameErrorClass(APIUserAbortError, 'APIUserAbortError');
