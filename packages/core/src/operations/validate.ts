import {
  FILE_TYPES_BY_PURPOSE,
  fileTypeFromName,
  isUploadablePurpose,
  UPLOADABLE_FILE_TYPES,
  UPLOADABLE_PURPOSES,
  type UploadableFileType,
  type UploadablePurpose,
} from '@together-files/enums';
import { TogetherError } from '../errors/together-error.js';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks a file id before it goes into a path: non-empty and made of safe characters (`../x` never passes). */
export function checkFileId(id: unknown): string {
  if (typeof id !== 'string' || id === '')
    throw new TogetherError('A file id is required (e.g. "file-123…").');
  if (!SAFE_ID.test(id) || id.length > 256) {
    throw new TogetherError(
      `Not a valid file id: ${JSON.stringify(id.slice(0, 80))} (letters, digits, ".", "_" and "-" only).`,
    );
  }
  return id;
}

/** The API path of a file (or one of its sub-resources), the id percent-encoded. */
export function filePath(id: string, suffix = ''): string {
  return `/files/${encodeURIComponent(checkFileId(id))}${suffix}`;
}

/** Checks a purpose for upload; a wrong one names the allowed values. */
export function checkUploadPurpose(purpose: unknown): UploadablePurpose {
  if (isUploadablePurpose(purpose)) return purpose;
  throw new TogetherError(
    `Unknown purpose ${JSON.stringify(purpose)}: upload accepts ${UPLOADABLE_PURPOSES.map((value) => `"${value}"`).join(', ')}.`,
  );
}

/** The file type from the name's extension, checked against what `purpose` accepts. */
export function uploadFileType(name: string, purpose: UploadablePurpose): UploadableFileType {
  const fileType = fileTypeFromName(name);
  if (!fileType) {
    throw new TogetherError(
      `Unsupported file extension: ${JSON.stringify(name)}; supported: ${UPLOADABLE_FILE_TYPES.map((type) => `.${type}`).join(', ')}.`,
    );
  }
  const accepted = FILE_TYPES_BY_PURPOSE[purpose];
  if (!accepted.includes(fileType)) {
    const others = UPLOADABLE_PURPOSES.filter((other) => FILE_TYPES_BY_PURPOSE[other].includes(fileType));
    const fits = others.length
      ? ` Purpose ${others.map((other) => `"${other}"`).join(' or ')} takes .${fileType}.`
      : '';
    throw new TogetherError(
      `A ${fileType} file cannot be uploaded for purpose "${purpose}"; it accepts ${accepted.map((type) => `.${type}`).join(', ')}.${fits}`,
    );
  }
  return fileType;
}
