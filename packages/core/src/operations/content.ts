import type { FilesContext } from '../http/create-files-context.js';
import type { ProgressListener } from '../transfer/progress.js';
import { filePath } from './validate.js';

// What the content downloads share with the code every app loads (the downloads themselves are in
// content-download.ts, which ../lazy-operations.ts loads on first use).

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
