import { FilePurpose } from './file-purpose.js';
import { FileType, type UploadableFileType } from './file-type.js';

/** The purposes a user may upload with; the others are labels the platform puts on its own files. */
export const UPLOADABLE_PURPOSES = [FilePurpose.FINE_TUNE, FilePurpose.EVAL, FilePurpose.BATCH_API] as const;

/** A purpose a user may upload with. */
export type UploadablePurpose = (typeof UPLOADABLE_PURPOSES)[number];

/** Which file types each uploadable purpose accepts. */
export const FILE_TYPES_BY_PURPOSE: Readonly<Record<UploadablePurpose, readonly UploadableFileType[]>> = {
  [FilePurpose.FINE_TUNE]: [FileType.JSONL, FileType.PARQUET],
  [FilePurpose.EVAL]: [FileType.JSONL, FileType.CSV],
  [FilePurpose.BATCH_API]: [FileType.JSONL],
};

/** True when `value` is a purpose a user may upload with. */
export function isUploadablePurpose(value: unknown): value is UploadablePurpose {
  return typeof value === 'string' && (UPLOADABLE_PURPOSES as readonly string[]).includes(value);
}

/** True when files of `fileType` may be uploaded for `purpose`. */
export function purposeAcceptsFileType(purpose: UploadablePurpose, fileType: UploadableFileType): boolean {
  return FILE_TYPES_BY_PURPOSE[purpose].includes(fileType);
}
