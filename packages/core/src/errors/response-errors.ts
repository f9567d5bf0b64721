import { TogetherError } from './together-error.js';

/**
 * An answer's body grew past what the client reads into memory (a JSON answer, decoded, over
 * {@link MAX_JSON_BODY} bytes). The read stopped at the limit; never retried, since the same server would send the
 * same body again.
 */
export class ResponseTooLargeError extends TogetherError {
  static override readonly errorName: string = 'ResponseTooLargeError';

  /** The limit that was reached, in bytes. */
  readonly limit: number;

  constructor(options: { limit: number; message?: string }) {
    super(
      options.message ??
        `The response body is larger than ${options.limit} bytes once decoded; the read was stopped there.`,
    );
    this.limit = options.limit;
  }
}

/**
 * The most bytes a JSON answer may hold once decoded (64 MiB). A list of files is a few hundred bytes per file; the
 * limit is there so that a compressed answer that inflates without end (a "gzip bomb") cannot exhaust memory.
 */
export const MAX_JSON_BODY = 64 * 1024 * 1024;
