import type { FileObject } from '@together-files/types';
import { HttpError } from './http/errors.js';
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

/** How a completion runs. */
export interface CompleteOptions {
  /** From a `diskFull` fault: the store's write fails with ENOSPC. */
  diskFull?: boolean;
}

/** What a completion made: the file, and whether it was one that held these bytes already. */
export interface CompletedFile {
  file: FileObject;
  /**
   * True when a completed file had the announced checksum already (another upload of the same bytes finished
   * first): the answer is that file and this upload's bytes are not kept. See README, "Uploads of the same bytes".
   */
  duplicate: boolean;
}

/** The error a full disk gives, for the `diskFull` fault. */
function diskFullError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/**
 * Turns an upload into a completed file: checks the announced checksum, stores blob and metadata durably, and
 * queues the validation of a fine-tune file (`processing_status: QUEUED`). Others get no processing status. An
 * upload that announced a checksum becomes no second file of the same bytes: the first one is answered.
 */
export async function completeUpload(
  services: ServerServices,
  upload: CompletedUpload,
  options: CompleteOptions = {},
): Promise<CompletedFile> {
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
  const entry = { file, ...(blobs.length > 1 && { parts: blobs.map((blob) => blob.bytes) }) };
  const paths = blobs.map((blob) => blob.path);
  const addOptions = options.diskFull ? { failBeforeMetadata: diskFullError() } : {};
  const stored =
    fields.checksum && sha256
      ? await services.store.addUnlessDuplicate({ ...entry, sha256 }, paths, addOptions)
      : {
          file: await services.store.add({ ...entry, ...(sha256 && { sha256 }) }, paths, addOptions),
          duplicate: false,
        };
  if (fineTune && !stored.duplicate) services.processing.enqueue(upload.fileId);
  return stored;
}

/** The current unix time in seconds. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
