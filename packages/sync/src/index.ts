// Error classes come from core, like the promise client's, so `instanceof` matches errors of either client.

export type {
  CheckReport,
  DownloadResult,
  FileDeleteResponse,
  FileList,
  FileListResult,
  FileObject,
  FileResult,
  LogLevel,
  Progress,
  ProgressListener,
  RequestOptions,
  RetrieveContentToFileOptions,
  UploadOptions,
  UploadOutcome,
  UploadResult,
  UploadSettings,
  UploadStep,
  WaitOptions,
  WithRequestId,
} from '@together-files/client';
export type { CheckOptions } from '@together-files/core';
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  FileCheckError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  TogetherError,
  UnprocessableEntityError,
  UploadError,
} from '@together-files/core';
export type { TogetherSyncOptions } from './options.js';
export { type SyncFileInput, SyncFiles, type SyncUploadOptions } from './sync-files.js';
export { TogetherSync } from './together-sync.js';
export type { NodeCallback } from './worker-host.js';
