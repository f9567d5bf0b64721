import type { UploadFields } from '../upload-fields.js';
import type { MultipartSessions } from './multipart-sessions.js';

export type { MultipartUpload } from './multipart-sessions.js';

/**
 * A single-part upload between `POST /files` and `preprocess`. Its file exists from the first completed storage
 * PUT on (together-typescript never calls preprocess); the session stays until preprocess or delete, so a repeated
 * PUT of the same URL replaces the bytes and preprocess can still report a checksum mismatch.
 */
export interface PendingUpload {
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** True once a storage PUT completed and its bytes became the file. */
  stored?: boolean;
  /** Why the latest PUT's bytes did not become the file (a checksum mismatch): preprocess answers it. */
  failure?: Error;
  /** Unix seconds: after this the session is dropped (see expire-uploads.ts); its URL takes no more bytes. */
  expiresAt: number;
  /** The id of the file that already held the latest PUT's bytes (same checksum): preprocess answers it. */
  twin?: string;
}

/**
 * Uploads in progress. Single-part ones live in memory only and their bytes in the store's temp folder, so a
 * restart drops them, as on the real service where an unfinished upload never becomes a file; so does their expiry
 * (see expire-uploads.ts). Multipart ones are kept on disk until they complete, are aborted or expire (see
 * {@link MultipartSessions}).
 */
export class UploadSessions {
  /** Single-part uploads by file id. */
  readonly single = new Map<string, PendingUpload>();
  /** Multipart uploads by upload id. */
  readonly multipart: MultipartSessions;

  constructor(multipart: MultipartSessions) {
    this.multipart = multipart;
  }
}
