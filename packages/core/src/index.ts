// The public surface, under semver: what the clients, the CLI and users build on (README.md). What else core's
// modules export for each other stays unexported, or goes through ./internal.ts when it was public before.
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
export { createLogger, type Logger, type LogLevel } from './http/logger.js';
export {
  type ClientOptions,
  DEFAULT_BASE_URL,
  type HttpAgent,
  type ResolvedOptions,
  resolveOptions,
} from './http/options.js';
export {
  checkFile,
  contentStream,
  retrieveContentText,
  retrieveContentToFile,
  uploadFile,
} from './lazy-operations.js';
export {
  type PlannedPart,
  planUpload,
  resolveUploadSettings,
  type UploadPlan,
  type UploadSettings,
} from './multipart/plan.js';
export {
  type DerivedFileStatus,
  decorateFile,
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
export { type WaitOptions, waitForProcessing } from './operations/wait-for-processing.js';
export { baseName, type FileInput } from './source/file-source.js';
export { isStreamInput, type StreamInput, type UploadInput } from './source/stream-input.js';
export type { Progress, ProgressListener } from './transfer/progress.js';
export type { UploadOptions } from './upload/upload-file.js';
export { VERSION } from './version.js';
