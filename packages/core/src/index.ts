// Only the check's entry point and types are public: its code loads on first use (see lazy-operations.ts), which a
// static re-export of the check would defeat by putting it in the chunk every app loads first.
export type { CheckFailure, CheckOptions, CheckReport, DatasetFormat } from '@together-files/check';
export * from './errors/index.js';
export {
  type CallOptions,
  type CallResult,
  createFilesContext,
  createFilesFetch,
  type FetchResult,
  type FilesContext,
  type FilesFetch,
} from './http/create-files-context.js';
export { createDeadline, type Deadline, sleep } from './http/deadline.js';
export { createLogger, createRedactor, isLogLevel, type Logger, type LogLevel } from './http/logger.js';
export { loggingMiddleware, readRequestId } from './http/middleware.js';
export {
  type ClientOptions,
  DEFAULT_BASE_URL,
  type HttpAgent,
  type ResolvedOptions,
  readEnv,
  resolveOptions,
} from './http/options.js';
export { isRetryable, nextRetryDelay, type RetryPolicy, retryDelay, withRetries } from './http/retry.js';
export { isUnsafeHost } from './http/unsafe-host.js';
export {
  checkFile,
  contentStream,
  retrieveContentText,
  retrieveContentToFile,
  uploadFile,
} from './lazy-operations.js';
export {
  DEFAULT_CONCURRENCY,
  MAX_FILE_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  MULTIPART_THRESHOLD,
  type PlannedPart,
  planUpload,
  resolveUploadSettings,
  TARGET_PART_SIZE,
  type UploadPlan,
  type UploadSettings,
} from './multipart/plan.js';
export { contentURL, MAX_TEXT_CONTENT } from './operations/content.js';
export {
  type DerivedFileStatus,
  decorateFile,
  deriveFileStatus,
  type FileResult,
  type WithRequestId,
  withRequestId,
} from './operations/decorate.js';
export type { DownloadResult } from './operations/download-to-file.js';
export {
  deleteFile,
  type FileListResult,
  listFiles,
  type RequestOptions,
  retrieveFile,
} from './operations/file-operations.js';
export type { UploadOutcome, UploadResult } from './operations/upload-result.js';
export { checkFileId, checkUploadPurpose, uploadFileType } from './operations/validate.js';
export { type WaitOptions, waitForProcessing } from './operations/wait-for-processing.js';
export { isBrowser, isNode, userAgent } from './runtime.js';
export { baseName, type FileInput, type FileSource, resolveFileSource } from './source/file-source.js';
export { isStreamInput, type StreamInput, type UploadInput } from './source/stream-input.js';
export type { Progress, ProgressListener } from './transfer/progress.js';
export type { UploadOptions } from './upload/upload-file.js';
export { VERSION } from './version.js';
