import { unlink } from 'node:fs/promises';
import {
  assertNoDuplicate,
  type CompletedFile,
  type CompleteOptions,
  completeUpload,
  unixSeconds,
} from '../complete-upload.js';
import { isSafeId, newFileId } from '../file-id.js';
import { HttpError } from '../http/errors.js';
import { readFormFields } from '../http/request-body.js';
import { sendEmpty, sendJson } from '../http/respond.js';
import type { RouteContext, ServerServices } from '../route-context.js';
import type { WrittenBlob } from '../store/blob-writer.js';
import type { PendingUpload } from '../store/upload-sessions.js';
import { parseUploadFields } from '../upload-fields.js';
import { fileNotFound } from './files.js';

/** The path of the storage URL of a single-part upload. */
export function singleStoragePath(fileId: string): string {
  return `/storage/${encodeURIComponent(fileId)}`;
}

/**
 * `POST /v1/files`: registers an upload from form fields (urlencoded or multipart; together-typescript's
 * src/lib/upload.ts sends them in the query string too, which stands in for a field the body lacks) and answers 302
 * with a presigned storage URL in `Location` and the id in `X-Together-File-Id`; 409 with `file_id` when a
 * completed file has the announced checksum.
 */
export async function createUpload(context: RouteContext): Promise<void> {
  const body = await readFormFields(context.request);
  const fields = parseUploadFields({ ...Object.fromEntries(context.query), ...body });
  const { services } = context;
  await assertNoDuplicate(services, fields.checksum);
  const fileId = newFileId();
  const createdAt = unixSeconds();
  const expiresAt = createdAt + services.signer.ttlSeconds + services.unfinishedUploadGrace;
  services.uploads.single.set(fileId, { fileId, fields, createdAt, expiresAt });
  sendEmpty(context.response, 302, {
    location: services.signer.sign('PUT', singleStoragePath(fileId), services.storageOrigin(context.request)),
    'x-together-file-id': fileId,
  });
}

/**
 * What a completed storage PUT of a single-part upload does: its bytes become the file at once, listed and
 * retrievable with `processing_status` as validation goes (together-typescript src/lib/upload.ts calls
 * `GET /files/{id}` right after the PUT, without preprocess). A repeated PUT replaces the file's bytes. Bytes that
 * do not match the announced checksum never become the file; preprocess reports why. A store that fails (a full
 * disk) fails the PUT itself (507): the upload stays pending and the retried PUT completes it. Bytes whose
 * announced checksum a completed file has already (an upload of the same bytes finished first) become no second
 * file: preprocess answers that one.
 */
export async function storeSinglePart(
  services: ServerServices,
  upload: PendingUpload,
  blob: WrittenBlob,
  options: CompleteOptions = {},
): Promise<void> {
  if (upload.stored) {
    await services.store.remove(upload.fileId);
    upload.stored = false;
  }
  delete upload.twin;
  let completed: CompletedFile;
  try {
    completed = await completeUpload(services, { ...upload, blobs: [blob], sha256: blob.sha256 }, options);
  } catch (error) {
    await unlink(blob.path).catch(() => {});
    if (!(error instanceof HttpError)) throw error;
    upload.failure = error;
    return;
  }
  delete upload.failure;
  if (completed.duplicate) {
    await unlink(blob.path).catch(() => {});
    upload.twin = completed.file.id;
  } else {
    upload.stored = true;
  }
}

/**
 * `POST /v1/files/{id}/preprocess`: answers the file whose bytes arrived (it exists since its PUT completed) and
 * closes the upload, so its URL takes no more bytes. Again on a completed file, it answers the file as it is (a
 * retried call succeeds). Bytes refused at their PUT (checksum mismatch) answer that error here.
 */
export async function preprocessFile(context: RouteContext): Promise<void> {
  const id = context.segments[2]!;
  const { services } = context;
  const pending = isSafeId(id) ? services.uploads.single.get(id) : undefined;
  const completed = isSafeId(id) ? services.store.get(id) : undefined;
  if (completed) {
    services.uploads.single.delete(id);
    sendJson(context.response, 200, completed.file);
    return;
  }
  if (!pending) throw fileNotFound(id);
  const twin = pending.twin === undefined ? undefined : services.store.get(pending.twin);
  if (twin) {
    services.uploads.single.delete(id);
    sendJson(context.response, 200, twin.file);
    return;
  }
  if (pending.failure) {
    services.uploads.single.delete(id);
    throw pending.failure;
  }
  throw new HttpError(400, `File ${id} has no bytes yet: PUT them to the upload URL first`, {
    param: 'id',
    code: 'upload_incomplete',
  });
}
