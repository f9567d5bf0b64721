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

  /**
   * Set when an aborted multipart upload of a path kept its journal instead of aborting the upload on the service:
   * the parts confirmed so far stay, and the next upload of the same path resumes there.
   */
  readonly paused?: UploadPause | undefined;

  constructor(options: { message?: string; cause?: unknown; paused?: UploadPause | undefined } = {}) {
    super({ message: options.message ?? 'Request was aborted.', cause: options.cause });
    if (options.paused !== undefined) this.paused = options.paused;
  }
}

/** How far a paused multipart upload got (see {@link APIUserAbortError.paused}). */
export interface UploadPause {
  /** Parts storage confirmed; a resume does not send them again. */
  confirmedParts: number;
  /** Parts in the upload. */
  parts: number;
}
