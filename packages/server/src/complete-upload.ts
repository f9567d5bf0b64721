import type { FileObject } from '@together-files/types';
import { HttpError } from './errors.js';
import type { ServerServices } from './route-context.js';
import type { WrittenBlob } from './store/blob-writer.js';
import type { UploadFields } from './upload-fields.js';

/** A finished upload, ready to become a file. */
export interface CompletedUpload {
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** The fsynced bytes in the temp folder, in order: one blob, or the parts of a multipart upload. */
  blobs: readonly WrittenBlob[];
  /** The sha256 of all the bytes when known (always when a checksum was announced); else hashed in the background. */
  sha256?: string;
}

/** Answers 409 with the id of a completed file that has this sha256. */
export async function assertNoDuplicate(
  services: ServerServices,
  checksum: string | undefined,
): Promise<void> {
  if (!checksum) return;
  const existing = await services.store.findBySha256(checksum);
  if (existing) {
    throw new HttpError(409, `A file with checksum ${checksum} exists already: ${existing.file.id}`, {
      param: 'checksum',
      code: 'duplicate_file',
      body: { file_id: existing.file.id },
    });
  }
}

/**
 * Turns an upload into a completed file: checks the announced checksum, stores blob and metadata durably, and
 * queues the validation of a fine-tune file (`processing_status: QUEUED`). Others get no processing status.
 */
export async function completeUpload(services: ServerServices, upload: CompletedUpload): Promise<FileObject> {
  const { fields, blobs, sha256 } = upload;
  if (fields.checksum && fields.checksum !== sha256) {
    throw new HttpError(
      400,
      `The uploaded bytes have sha256 ${sha256}, not the announced ${fields.checksum}`,
      {
        param: 'checksum',
        code: 'checksum_mismatch',
      },
    );
  }
  const fineTune = fields.purpose === 'fine-tune';
  const file: FileObject = {
    id: upload.fileId,
    object: 'file',
    created_at: upload.createdAt,
    filename: fields.filename,
    bytes: blobs.reduce((sum, blob) => sum + blob.bytes, 0),
    purpose: fields.purpose,
    FileType: fields.fileType,
    Processed: true,
    ...(fineTune && { processing_status: 'QUEUED' as const }),
  };
  const stored = await services.store.add(
    { file, ...(sha256 && { sha256 }), ...(blobs.length > 1 && { parts: blobs.map((blob) => blob.bytes) }) },
    blobs.map((blob) => blob.path),
  );
  if (fineTune) services.processing.enqueue(upload.fileId);
  return stored;
}

/** The current unix time in seconds. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
