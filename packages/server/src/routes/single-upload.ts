import { unlink } from 'node:fs/promises';
import { assertNoDuplicate, completeUpload, unixSeconds } from '../complete-upload.js';
import { HttpError } from '../errors.js';
import { isSafeId, newFileId } from '../file-id.js';
import { readFormFields } from '../request-body.js';
import { sendEmpty, sendJson } from '../respond.js';
import type { RouteContext } from '../route-context.js';
import { parseUploadFields } from '../upload-fields.js';
import { fileNotFound } from './files.js';

/** The path of the storage URL of a single-part upload. */
export function singleStoragePath(fileId: string): string {
  return `/storage/${encodeURIComponent(fileId)}`;
}

/**
 * `POST /v1/files`: registers an upload from form fields (urlencoded or multipart) and answers 302 with a
 * presigned storage URL in `Location` and the id in `X-Together-File-Id`; 409 with `file_id` when a completed
 * file has the announced checksum.
 */
export async function createUpload(context: RouteContext): Promise<void> {
  const fields = parseUploadFields(await readFormFields(context.request));
  const { services } = context;
  await assertNoDuplicate(services, fields.checksum);
  const fileId = newFileId();
  services.uploads.single.set(fileId, { fileId, fields, createdAt: unixSeconds() });
  sendEmpty(context.response, 302, {
    location: services.signer.sign('PUT', singleStoragePath(fileId)),
    'x-together-file-id': fileId,
  });
}

/**
 * `POST /v1/files/{id}/preprocess`: finishes a single-part upload whose bytes arrived; answers the file. Again
 * on a completed file, it answers the file as it is (a retried call succeeds).
 */
export async function preprocessFile(context: RouteContext): Promise<void> {
  const id = context.segments[2]!;
  const { services } = context;
  const completed = isSafeId(id) ? services.store.get(id) : undefined;
  if (completed) {
    sendJson(context.response, 200, completed.file);
    return;
  }
  const pending = isSafeId(id) ? services.uploads.single.get(id) : undefined;
  if (!pending) throw fileNotFound(id);
  if (!pending.blob) {
    throw new HttpError(400, `File ${id} has no bytes yet: PUT them to the upload URL first`, {
      param: 'id',
      code: 'upload_incomplete',
    });
  }
  const blob = pending.blob;
  services.uploads.single.delete(id);
  try {
    const file = await completeUpload(services, { ...pending, blobs: [blob], sha256: blob.sha256 });
    sendJson(context.response, 200, file);
  } catch (error) {
    await unlink(blob.path).catch(() => {});
    throw error;
  }
}
