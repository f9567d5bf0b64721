import type { FileDeleteResponse, FileList, FileObject } from '@together-files/types';
import { APIError, NotFoundError } from '../errors/api-error.js';
import { APIConnectionError } from '../errors/connection-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import { decorateFile, type FileResult, type WithRequestId, withRequestId } from './decorate.js';
import { checkFileId } from './validate.js';

/** Options every call takes. */
export interface RequestOptions {
  /** Cancels the call (waits between retries included). */
  signal?: AbortSignal | undefined;
}

/** The answer of `list`: the wire list, each file decorated. */
export type FileListResult = WithRequestId<Omit<FileList, 'data'> & { data: FileResult[] }>;

/** `GET /files`: every file of the account. */
export async function listFiles(
  context: FilesContext,
  options: RequestOptions = {},
): Promise<FileListResult> {
  const { data, requestId } = await context.call(({ signal }) => context.client.GET('/files', { signal }), {
    label: 'GET /files',
    signal: options.signal,
  });
  const list = expectObject<FileList>(data, 'GET /files', requestId);
  if (!Array.isArray(list.data)) throw unexpected('GET /files', requestId);
  for (const file of list.data) decorateFile(file, requestId);
  return withRequestId(list as FileListResult, requestId);
}

/** `GET /files/{id}`: one file's metadata. */
export async function retrieveFile(
  context: FilesContext,
  id: string,
  options: RequestOptions = {},
): Promise<FileResult> {
  checkFileId(id);
  const { data, requestId } = await context.call(
    ({ signal }) => context.client.GET('/files/{id}', { params: { path: { id } }, signal }),
    { label: 'GET /files/{id}', signal: options.signal },
  );
  return decorateFile(expectObject<FileObject>(data, 'GET /files/{id}', requestId), requestId);
}

/**
 * `DELETE /files/{id}`. When an attempt's answer was lost (connection reset, timeout) and the retry finds no file,
 * the lost attempt deleted it: that resolves as deleted. A 404 on the first attempt stays a {@link NotFoundError}.
 */
export async function deleteFile(
  context: FilesContext,
  id: string,
  options: RequestOptions = {},
): Promise<WithRequestId<FileDeleteResponse>> {
  checkFileId(id);
  let answerLost = false;
  try {
    const { data, requestId } = await context.call(
      ({ signal }) => context.client.DELETE('/files/{id}', { params: { path: { id } }, signal }),
      {
        label: 'DELETE /files/{id}',
        signal: options.signal,
        // A connection error before a retry: that attempt may have deleted the file without our hearing it.
        onRetry(error) {
          if (error instanceof APIConnectionError) answerLost = true;
        },
      },
    );
    return withRequestId(expectObject<FileDeleteResponse>(data, 'DELETE /files/{id}', requestId), requestId);
  } catch (error) {
    if (!answerLost || !(error instanceof NotFoundError)) throw error;
    context.logger.info(
      `DELETE /files/${id}: an earlier attempt's answer was lost and the file is gone: deleted.`,
    );
    return withRequestId({ id, object: 'file', deleted: true }, error.requestId);
  }
}

/** Narrows a parsed body to an object, or throws an {@link APIError} saying the answer was not what the API promises. */
export function expectObject<T>(data: unknown, label: string, requestId: string | undefined): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unexpected(label, requestId);
  return data as T;
}

function unexpected(label: string, requestId: string | undefined): APIError {
  return new APIError({ message: `${label} answered with an unexpected body.`, requestId });
}
