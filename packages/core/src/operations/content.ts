import type { FilesContext } from '../http/create-files-context.js';
import type { ProgressListener } from '../transfer/progress.js';
import type { WithRequestId } from './decorate.js';
import type { DownloadResult } from './download-to-file.js';
import type { RequestOptions } from './file-operations.js';
import { filePath } from './validate.js';

// The download code (resumable streaming, temp file and hashing) loads on first use, so an app that only lists
// files never downloads it.

/** The options of a download to a file. */
export interface ContentToFileOptions {
  /** Where to write (its folder must exist). */
  output: string;
  /** Download progress: monotonic, at least every 1 % or 8 MiB. */
  onProgress?: ProgressListener | undefined;
  /**
   * Continue the partial file an earlier process left beside `output` (default true); `false` drops it and starts
   * at byte 0.
   */
  resume?: boolean | undefined;
}

/** The largest content `retrieveContent` returns as a string (100 MiB); larger files go to `output`. */
export const MAX_TEXT_CONTENT = 100 * 1024 * 1024;

/** The API URL of a file's bytes (the id checked and percent-encoded). */
export function contentURL(context: FilesContext, id: string): string {
  return `${context.options.baseURL}${filePath(id, '/content')}`;
}

/**
 * A file's content as text (UTF-8). Refuses files over `maxBytes` (default 100 MiB), pointing to `output`;
 * the download resumes after interruptions like every other.
 */
export async function retrieveContentText(
  context: FilesContext,
  id: string,
  options: RequestOptions & { maxBytes?: number } = {},
): Promise<string> {
  const { readContentText } = await import('./content-download.js');
  return readContentText(context, id, options);
}

/** Streams a file's content to `output` (Node): partial file, size check, rename; resumed across processes. */
export async function retrieveContentToFile(
  context: FilesContext,
  id: string,
  options: RequestOptions & ContentToFileOptions,
): Promise<WithRequestId<DownloadResult>> {
  const { writeContentToFile } = await import('./content-download.js');
  return writeContentToFile(context, id, options);
}

/**
 * A file's content as a web `ReadableStream`, pulled with backpressure; the first response has arrived when the
 * promise resolves (so a 404 rejects it), and interruptions later resume transparently with `Range`.
 */
export async function contentStream(
  context: FilesContext,
  id: string,
  options: RequestOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const { openContentStream } = await import('./content-download.js');
  return openContentStream(context, id, options);
}
