import {
  type ClientOptions,
  createFilesContext,
  resolveUploadSettings,
  type UploadSettings,
} from '@together-files/core';
import { Files } from './files.js';

/** The client's options: plain data apart from `fetch` and `logger`, so a worker can build the same client. */
export interface TogetherOptions extends ClientOptions {
  /** Multipart threshold (default 5 GiB), target part size (250 MiB) and parts in flight (4). */
  upload?: UploadSettings | undefined;
}

/**
 * The promise client of Together's Files API. Options fall back to `TOGETHER_API_KEY`, `TOGETHER_BASE_URL` and
 * `TOGETHER_LOG`; a missing key or a bad option throws here, before any request.
 */
export class Together {
  /** Upload, list, retrieve, download, delete and check files. */
  readonly files: Files;
  /** The API base URL in use. */
  readonly baseURL: string;

  constructor(options: TogetherOptions = {}) {
    const context = createFilesContext(options);
    this.files = new Files(context, resolveUploadSettings(options.upload));
    this.baseURL = context.options.baseURL;
  }
}

/** The same class as {@link Together}, named for readers of the Python SDK's docs. */
export const AsyncTogether = Together;
/** The same type as {@link Together}. */
export type AsyncTogether = Together;
