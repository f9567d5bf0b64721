import type { UploadFields } from '../upload-fields.js';
import type { WrittenBlob } from './blob-writer.js';
import type { MultipartSessions } from './multipart-sessions.js';

export type { MultipartUpload } from './multipart-sessions.js';

/** A single-part upload between `POST /files` and `preprocess`. */
export interface PendingUpload {
  fileId: string;
  fields: UploadFields;
  /** Unix seconds. */
  createdAt: number;
  /** The bytes of the latest successful storage PUT (a repeated PUT replaces them until preprocess). */
  blob?: WrittenBlob;
}

/**
 * Uploads in progress. Single-part ones live in memory only and their bytes in the store's temp folder, so a
 * restart drops them, as on the real service where an unfinished upload never becomes a file. Multipart ones are
 * kept on disk until they complete, are aborted or expire (see {@link MultipartSessions}).
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
