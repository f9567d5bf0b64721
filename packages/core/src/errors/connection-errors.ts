import { APIError } from './api-error.js';

/** No usable response: the connection failed, was reset, or the body ended early. Retried automatically. */
export class APIConnectionError extends APIError {
  static override readonly errorName: string = 'APIConnectionError';

  constructor(options: { message?: string; cause?: unknown; requestId?: string } = {}) {
    super({
      message: options.message ?? 'Connection error.',
      cause: options.cause,
      requestId: options.requestId,
    });
  }
}

/** The deadline passed: a JSON call took longer than `timeout`, or a transfer sent no byte for that long. */
export class APITimeoutError extends APIConnectionError {
  static override readonly errorName: string = 'APITimeoutError';

  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({ message: options.message ?? 'Request timed out.', cause: options.cause });
  }
}

/** The caller aborted (through `signal`). Never retried. */
export class APIUserAbortError extends APIError {
  static override readonly errorName: string = 'APIUserAbortError';

  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({ message: options.message ?? 'Request was aborted.', cause: options.cause });
  }
}
