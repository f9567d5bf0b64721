import { MAX_FILE_SIZE } from '@together-files/check/shared';
import {
  FILE_TYPES_BY_PURPOSE,
  FilePurpose,
  fileTypeFromName,
  isServicePurpose,
  isUploadablePurpose,
  purposeAcceptsFileType,
  SEED_ONLY_PURPOSES,
  type ServicePurpose,
  UPLOADABLE_FILE_TYPES,
  type UploadableFileType,
} from '@together-files/enums';
import type { UploadRequest } from '@together-files/types';
import { HttpError } from './http/errors.js';

/** What every upload names, checked. */
export interface UploadFields {
  /** The base name, never a path. */
  filename: string;
  purpose: ServicePurpose;
  fileType: UploadableFileType;
  /** Lowercase sha256 hex, when the client sent one. */
  checksum?: string;
}

/** Every purpose the official description lists, in its order: the upload endpoints take each of them. */
const SERVICE_PURPOSES: readonly ServicePurpose[] = Object.values(FilePurpose).filter(
  (purpose): purpose is ServicePurpose => !(SEED_ONLY_PURPOSES as readonly string[]).includes(purpose),
);

/**
 * The longest file name taken, in UTF-8 bytes. Neither the official spec (`openapi.yaml`) nor the official SDKs
 * (together-py `src/together/lib/constants.py`, together-python `src/together/constants.py`, together-typescript
 * `src/lib/upload.ts`) state one; 255 bytes is the name limit of common file systems (ext4, APFS, NTFS), so a
 * downloaded file can be saved under its name, and its `Content-Disposition` (at most 3 × 255 bytes encoded)
 * stays far below Node's 16 KiB header limit, which a 20,000-character name overflowed.
 */
export const MAX_FILENAME_BYTES = 255;

function badRequest(message: string, param: string): HttpError {
  return new HttpError(400, message, { param, code: `invalid_${param}` });
}

/**
 * Checks the fields of an upload (`POST /files`, `/files/upload`, multipart initiate): a purpose the official
 * description lists (its `FilePurpose`: users' three and the platform's labels alike, as `POST /files/upload`
 * takes them upstream), a file type (given, or from the name's extension) that the purpose accepts — users'
 * purposes their own types, the labels any type upstream lists —, a name, a sha256 checksum.
 */
export function parseUploadFields(input: Partial<Record<keyof UploadRequest, unknown>>): UploadFields {
  const { purpose, file_name: fileName, file_type: fileType, checksum } = input;
  if (typeof fileName !== 'string' || fileName.trim() === '') {
    throw badRequest('file_name is required', 'file_name');
  }
  // The service keeps the base name only, whatever path a client sends.
  const filename = fileName.split(/[/\\]/).pop()!.trim();
  if (filename === '' || filename === '.' || filename === '..') {
    throw badRequest(`file_name ${JSON.stringify(fileName)} has no base name`, 'file_name');
  }
  const nameBytes = Buffer.byteLength(filename, 'utf8');
  if (nameBytes > MAX_FILENAME_BYTES) {
    throw badRequest(
      `file_name is ${nameBytes} bytes long; the longest name taken is ${MAX_FILENAME_BYTES} bytes (UTF-8)`,
      'file_name',
    );
  }
  if (purpose === undefined || purpose === '') {
    throw badRequest(`purpose is required; allowed values: ${SERVICE_PURPOSES.join(', ')}`, 'purpose');
  }
  if (!isServicePurpose(purpose)) {
    throw badRequest(
      `Invalid purpose ${JSON.stringify(purpose)}; allowed values: ${SERVICE_PURPOSES.join(', ')}`,
      'purpose',
    );
  }
  let type: UploadableFileType | undefined;
  if (fileType !== undefined && fileType !== '') {
    if (!(UPLOADABLE_FILE_TYPES as readonly unknown[]).includes(fileType)) {
      throw badRequest(
        `Invalid file_type ${JSON.stringify(fileType)}; allowed values: ${UPLOADABLE_FILE_TYPES.join(', ')}`,
        'file_type',
      );
    }
    type = fileType as UploadableFileType;
  } else {
    type = fileTypeFromName(filename);
    if (!type) {
      throw badRequest(
        `Cannot tell the file type of ${JSON.stringify(filename)}; send file_type, one of: ${UPLOADABLE_FILE_TYPES.join(', ')}`,
        'file_type',
      );
    }
  }
  if (isUploadablePurpose(purpose) && !purposeAcceptsFileType(purpose, type)) {
    throw badRequest(
      `Purpose ${purpose} does not accept ${type} files; allowed file types for ${purpose}: ${FILE_TYPES_BY_PURPOSE[purpose].join(', ')}`,
      'file_type',
    );
  }
  let sha256: string | undefined;
  if (checksum !== undefined && checksum !== '') {
    if (typeof checksum !== 'string' || !/^[0-9a-fA-F]{64}$/.test(checksum)) {
      throw badRequest('checksum must be the sha256 of the file in hex (64 characters)', 'checksum');
    }
    sha256 = checksum.toLowerCase();
  }
  return { filename, purpose, fileType: type, ...(sha256 && { checksum: sha256 }) };
}

/** Rejects a size over `MAX_FILE_SIZE` of core (50.1 GiB), the one limit the SDK and the server share. */
export function assertFileSize(bytes: number, param = 'file_size'): void {
  if (bytes > MAX_FILE_SIZE) {
    throw new HttpError(
      400,
      `The file is ${bytes} bytes; the largest file allowed is 50.1 GiB (${MAX_FILE_SIZE} bytes)`,
      {
        param,
        code: 'file_too_large',
      },
    );
  }
}
