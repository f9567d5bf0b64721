import { unlink } from 'node:fs/promises';
import { assertNoDuplicate, completeUpload, unixSeconds } from '../complete-upload.js';
import { HttpError } from '../errors.js';
import { isSafeId, newFileId } from '../file-id.js';
import { readFormFields } from '../request-body.js';
import { sendEmpty, sendJson } from '../respond.js';
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
    location: services.signer.sign('PUT', singleStoragePath(fileId)),
    'x-together-file-id': fileId,
  });
}

/**
 * What a completed storage PUT of a single-part upload does: its bytes become the file at once, listed and
 * retrievable with `processing_status` as validation goes (together-typescript src/lib/upload.ts calls
 * `GET /files/{id}` right after the PUT, without preprocess). A repeated PUT replaces the file's bytes. Bytes that
 * do not match the announced checksum never become the file; preprocess reports why.
 */
export async function storeSinglePart(
  services: ServerServices,
  upload: PendingUpload,
  blob: WrittenBlob,
): Promise<void> {
  if (upload.stored) {
    await services.store.remove(upload.fileId);
    upload.stored = false;
  }
  try {
    await completeUpload(services, { ...upload, blobs: [blob], sha256: blob.sha256 });
    upload.stored = true;
    delete upload.failure;
  } catch (error) {
    await unlink(blob.path).catch(() => {});
    upload.failure = error instanceof Error ? error : new Error(String(error));
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
  if (pending.failure) {
    services.uploads.single.delete(id);
    throw pending.failure;
  }
  throw new HttpError(400, `File ${id} has no bytes yet: PUT them to the upload URL first`, {
    param: 'id',
    code: 'upload_incomplete',
  });
}
