import { MAX_FILE_SIZE } from '@together-files/check';
import {
  FILE_TYPES_BY_PURPOSE,
  fileTypeFromName,
  isUploadablePurpose,
  purposeAcceptsFileType,
  UPLOADABLE_FILE_TYPES,
  UPLOADABLE_PURPOSES,
  type UploadableFileType,
  type UploadablePurpose,
} from '@together-files/enums';
import type { UploadRequest } from '@together-files/types';
import { HttpError } from './errors.js';

/** What every upload names, checked. */
export interface UploadFields {
  /** The base name, never a path. */
  filename: string;
  purpose: UploadablePurpose;
  fileType: UploadableFileType;
  /** Lowercase sha256 hex, when the client sent one. */
  checksum?: string;
}

function badRequest(message: string, param: string): HttpError {
  return new HttpError(400, message, { param, code: `invalid_${param}` });
}

/**
 * Checks the fields of an upload (`POST /files`, `/files/upload`, multipart initiate): a known uploadable
 * purpose, a file type the purpose accepts (given, or from the name's extension), a name, a sha256 checksum.
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
  if (purpose === undefined || purpose === '') {
    throw badRequest(`purpose is required; allowed values: ${UPLOADABLE_PURPOSES.join(', ')}`, 'purpose');
  }
  if (!isUploadablePurpose(purpose)) {
    throw badRequest(
      `Invalid purpose ${JSON.stringify(purpose)}; allowed values: ${UPLOADABLE_PURPOSES.join(', ')}`,
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
  if (!purposeAcceptsFileType(purpose, type)) {
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
