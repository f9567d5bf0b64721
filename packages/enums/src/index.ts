export {
  FilePurpose,
  isFilePurpose,
  isServicePurpose,
  SEED_ONLY_PURPOSES,
  type ServicePurpose,
} from './file-purpose.js';
export {
  FileType,
  fileTypeFromName,
  isFileType,
  SEED_ONLY_FILE_TYPES,
  UPLOADABLE_FILE_TYPES,
  type UploadableFileType,
} from './file-type.js';
export { isFinalProcessingStatus, isProcessingStatus, ProcessingStatus } from './processing-status.js';
export {
  FILE_TYPES_BY_PURPOSE,
  isUploadablePurpose,
  purposeAcceptsFileType,
  UPLOADABLE_PURPOSES,
  type UploadablePurpose,
} from './upload-rules.js';
