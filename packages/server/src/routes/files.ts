import type { FileDeleteResponse, FileList } from '@together-files/types';
import { isSafeId } from '../file-id.js';
import { HttpError } from '../http/errors.js';
import { sendJson } from '../http/respond.js';
import type { RouteContext } from '../route-context.js';
import type { StoredFile } from '../store/file-store.js';

/** The 404 of an unknown (or unsafe) id. */
export function fileNotFound(id: string): HttpError {
  return new HttpError(404, `No file with id ${JSON.stringify(id)}`, { param: 'id', code: 'file_not_found' });
}

/** The completed file the path's id names, or a 404. */
export function requireFile(context: RouteContext, id: string): StoredFile {
  const entry = isSafeId(id) ? context.services.store.get(id) : undefined;
  if (!entry) throw fileNotFound(id);
  return entry;
}

/** `GET /v1/files`: every completed file. */
export async function listFiles(context: RouteContext): Promise<void> {
  const body: FileList = { object: 'list', data: context.services.store.list() };
  sendJson(context.response, 200, body);
}

/** `GET /v1/files/{id}`. */
export async function retrieveFile(context: RouteContext): Promise<void> {
  sendJson(context.response, 200, requireFile(context, context.segments[2]!).file);
}

/** `DELETE /v1/files/{id}`: metadata, then bytes; downloads already streaming finish. */
export async function deleteFile(context: RouteContext): Promise<void> {
  const id = context.segments[2]!;
  requireFile(context, id);
  // A single-part upload not yet preprocessed keeps its URL open; a deleted file takes no more bytes.
  context.services.uploads.single.delete(id);
  if (!(await context.services.store.remove(id))) throw fileNotFound(id);
  const body: FileDeleteResponse = { id, object: 'file', deleted: true };
  sendJson(context.response, 200, body);
}
