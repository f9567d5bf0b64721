import { randomUUID } from 'node:crypto';
import type {
  CompletedPart,
  MultipartAbortRequest,
  MultipartAbortResponse,
  MultipartCompleteRequest,
  MultipartInitiateRequest,
  MultipartInitiateResponse,
} from '@together-files/types';
import { assertNoDuplicate, completeUpload, unixSeconds } from '../complete-upload.js';
import { newFileId } from '../file-id.js';
import { HttpError } from '../http/errors.js';
import { readJsonObject } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import type { RouteContext, ServerServices } from '../route-context.js';
import { sha256OfFiles } from '../store/hash-files.js';
import type { MultipartUpload } from '../store/upload-sessions.js';
import { assertFileSize, parseUploadFields } from '../upload-fields.js';

/** The smallest part S3 takes, except the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** The most parts S3 takes. */
export const MAX_PARTS = 10_000;

/**
 * How long an unfinished upload outlives its URLs by default (`unfinishedUploadGrace`): one day. Its parts can still be completed (no
 * URL is needed for that) or aborted meanwhile; after that it is gone, as an S3 lifecycle rule
 * `AbortIncompleteMultipartUpload` (counted in days after initiation) would drop it.
 */
export const UNFINISHED_UPLOAD_GRACE = 24 * 60 * 60;

/** The path of the storage URL of one part. */
export function partStoragePath(fileId: string, uploadId: string, partNumber: number): string {
  return `/storage/${encodeURIComponent(fileId)}/${encodeURIComponent(uploadId)}/${partNumber}`;
}

function positiveInteger(value: unknown, param: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new HttpError(400, `${param} must be an integer from 0 to ${max}`, { param });
  }
  return value;
}

/** `POST /v1/files/multipart/initiate`: a presigned URL (and headers) per part. */
export async function initiateMultipartUpload(context: RouteContext): Promise<void> {
  // Typed by the spec's field names, so a renamed field fails the typecheck.
  const body: Partial<Record<keyof MultipartInitiateRequest, unknown>> = await readJsonObject(
    context.request,
  );
  const fields = parseUploadFields(body);
  const fileSize = positiveInteger(body.file_size, 'file_size', Number.MAX_SAFE_INTEGER);
  assertFileSize(fileSize);
  const numParts = positiveInteger(body.num_parts, 'num_parts', MAX_PARTS);
  if (numParts < 1)
    throw new HttpError(400, `num_parts must be from 1 to ${MAX_PARTS}`, { param: 'num_parts' });
  const { services } = context;
  await assertNoDuplicate(services, fields.checksum);
  const createdAt = unixSeconds();
  const upload: MultipartUpload = {
    uploadId: randomUUID(),
    fileId: newFileId(),
    fields,
    createdAt,
    expiresAt: createdAt + services.signer.ttlSeconds + services.unfinishedUploadGrace,
    fileSize,
    numParts,
    parts: new Map(),
  };
  await services.uploads.multipart.create(upload);
  const origin = services.storageOrigin(context.request);
  const response: MultipartInitiateResponse = {
    upload_id: upload.uploadId,
    file_id: upload.fileId,
    parts: Array.from({ length: numParts }, (_, index) => ({
      PartNumber: index + 1,
      URL: services.signer.sign('PUT', partStoragePath(upload.fileId, upload.uploadId, index + 1), origin),
      Headers: { 'Content-Type': 'application/octet-stream' },
    })),
  };
  sendJson(context.response, 200, response);
}

function requireUpload(
  services: ServerServices,
  body: Partial<Record<keyof MultipartAbortRequest, unknown>>,
): MultipartUpload {
  const { upload_id: uploadId, file_id: fileId } = body;
  if (typeof uploadId !== 'string' || typeof fileId !== 'string') {
    throw new HttpError(400, 'upload_id and file_id are required', { param: 'upload_id' });
  }
  const upload = services.uploads.multipart.get(uploadId);
  if (!upload || upload.fileId !== fileId) {
    throw new HttpError(404, `No multipart upload ${uploadId} for file ${fileId}`, {
      param: 'upload_id',
      code: 'upload_not_found',
    });
  }
  return upload;
}

/** The parts of a complete request, checked like S3 does: sorted, known, matching ETags, large enough. */
function checkedParts(upload: MultipartUpload, value: unknown) {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, 'parts must list every uploaded part', { param: 'parts' });
  }
  const parts = value.map((entry, index) => {
    const { part_number: number, etag } = (entry ?? {}) as Partial<Record<keyof CompletedPart, unknown>>;
    if (typeof number !== 'number' || typeof etag !== 'string') {
      throw new HttpError(400, `parts[${index}] needs part_number and etag`, { param: 'parts' });
    }
    const part = upload.parts.get(number);
    if (!part || part.md5 !== etag.replace(/"/g, '')) {
      throw new HttpError(400, `Part ${number} was not uploaded or its etag does not match`, {
        param: 'parts',
        code: 'invalid_part',
      });
    }
    const previous = value[index - 1] as { part_number: number } | undefined;
    if (previous && previous.part_number >= number) {
      throw new HttpError(400, 'parts must be sorted by part_number, each once', {
        param: 'parts',
        code: 'invalid_part_order',
      });
    }
    return part;
  });
  parts.forEach((part, index) => {
    if (index < parts.length - 1 && part.bytes < MIN_PART_BYTES) {
      throw new HttpError(
        400,
        `Part ${value[index].part_number} is ${part.bytes} bytes; parts but the last need at least ${MIN_PART_BYTES}`,
        {
          param: 'parts',
          code: 'entity_too_small',
        },
      );
    }
  });
  const total = parts.reduce((sum, part) => sum + part.bytes, 0);
  if (total !== upload.fileSize) {
    throw new HttpError(400, `The parts hold ${total} bytes; initiate announced ${upload.fileSize}`, {
      param: 'parts',
      code: 'size_mismatch',
    });
  }
  return parts;
}

/**
 * `POST /v1/files/multipart/complete`: makes the parts the file (moved into place as they are, not copied) and
 * answers it. The whole-file sha256 is computed here only when `initiate` announced a checksum to check; else in
 * the background. Again after success, it answers the completed file (a retried call succeeds).
 */
export async function completeMultipartUpload(context: RouteContext): Promise<void> {
  const body: Partial<Record<keyof MultipartCompleteRequest, unknown>> = await readJsonObject(
    context.request,
  );
  const { services } = context;
  const done = typeof body.file_id === 'string' ? services.store.get(body.file_id) : undefined;
  if (done && !services.uploads.multipart.get(String(body.upload_id))) {
    sendJson(context.response, 200, done.file);
    return;
  }
  const upload = requireUpload(services, body);
  const parts = checkedParts(upload, body.parts);
  services.uploads.multipart.close(upload.uploadId);
  let keepPending = false;
  try {
    const paths = parts.map((part) => part.path);
    const sha256 = upload.fields.checksum ? await sha256OfFiles(paths, services.closing) : undefined;
    const completed = await completeUpload(
      services,
      { ...upload, blobs: parts, ...(sha256 && { sha256 }) },
      { diskFull: context.diskFull === true },
    );
    sendJson(context.response, 200, completed.file);
  } catch (error) {
    // A failed store (a full disk) keeps the upload pending with its parts, so a retried complete can finish it.
    if (!(error instanceof HttpError)) {
      services.uploads.multipart.reopen(upload);
      keepPending = true;
    }
    throw error;
  } finally {
    // Parts that became the file were moved away; this drops the rest (unlisted parts, a duplicate's, or all
    // after a refusal).
    if (!keepPending) await services.uploads.multipart.discard(upload.uploadId);
  }
}

/** `POST /v1/files/multipart/abort`: drops the upload and its parts. */
export async function abortMultipartUpload(context: RouteContext): Promise<void> {
  const upload = requireUpload(context.services, await readJsonObject(context.request));
  context.services.uploads.multipart.close(upload.uploadId);
  await context.services.uploads.multipart.discard(upload.uploadId);
  const response: MultipartAbortResponse = { success: true };
  sendJson(context.response, 200, response);
}
