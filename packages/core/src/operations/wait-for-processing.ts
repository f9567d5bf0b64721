import { isFinalProcessingStatus } from '@together-files/enums';
import { APITimeoutError } from '../errors/connection-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import { sleep } from '../http/deadline.js';
import type { FileResult } from './decorate.js';
import { retrieveFile } from './file-operations.js';

/** How {@link waitForProcessing} polls. */
export interface WaitOptions {
  /** Between polls, in ms (default 2 000). */
  intervalMs?: number | undefined;
  /** Gives up after this long with an `APITimeoutError` (default 10 minutes). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Polls `GET /files/{id}` until `processing_status` is final (COMPLETED, FAILED, INVALID_FORMAT) and returns that
 * file, whatever the outcome: read `status`/`processing_status`. A file without `processing_status` (not validated
 * by the service) returns at once.
 */
export async function waitForProcessing(
  context: FilesContext,
  id: string,
  options: WaitOptions = {},
): Promise<FileResult> {
  const { intervalMs = 2000, timeoutMs = 600_000, signal } = options;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const file = await retrieveFile(context, id, { signal });
    const status = file.processing_status;
    if (status === undefined || isFinalProcessingStatus(status)) return file;
    const left = until - Date.now();
    if (left <= 0) {
      throw new APITimeoutError({ message: `File ${id} was still ${status} after ${timeoutMs} ms.` });
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}
