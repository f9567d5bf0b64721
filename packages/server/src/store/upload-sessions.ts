import type { UploadFields } from '../upload-fields.js';
import type { WrittenBlob } from './blob-writer.js';

/** A single-part upload between `POST /files` and `preprocess`. */
export interface PendingUpload {
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** The bytes of the latest successful storage PUT (a repeated PUT replaces them until preprocess). */
  blob?: WrittenBlob;
}

/** A multipart upload between `initiate` and `complete` or `abort`. */
export interface MultipartUpload {
  uploadId: string;
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** What `initiate` announced. */
  fileSize: number;
  numParts: number;
  /** Parts received, by part number (a repeated PUT of a part replaces it until complete or abort). */
  parts: Map<number, WrittenBlob>;
}

/**
 * Uploads in progress. They live in memory only and their bytes in the store's temp folder, so a restart drops
 * them: only completed files survive, as on the real service where an unfinished upload never becomes a file.
 */
export class UploadSessions {
  /** Single-part uploads by file id. */
  readonly single = new Map<string, PendingUpload>();
  /** Multipart uploads by upload id. */
  readonly multipart = new Map<string, MultipartUpload>();
}
