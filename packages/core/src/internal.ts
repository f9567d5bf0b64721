// `@together-files/core/internal`: pieces of core that were exported from its entry until the surface was declared
// (issue 17.4), kept reachable for code that used them. Not public: no semver promise, any release may change or
// drop them (README.md says so). The clients use none of them.
export { createDeadline, type Deadline, sleep } from './http/deadline.js';
export { createRedactor, isLogLevel } from './http/logger.js';
export { loggingMiddleware, readRequestId } from './http/middleware.js';
export { readEnv } from './http/options.js';
export { isRetryable, nextRetryDelay, type RetryPolicy, retryDelay, withRetries } from './http/retry.js';
export { isUnsafeHost } from './http/unsafe-host.js';
export {
  DEFAULT_CONCURRENCY,
  MAX_FILE_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  MULTIPART_THRESHOLD,
  TARGET_PART_SIZE,
} from './multipart/plan.js';
export { contentURL, MAX_TEXT_CONTENT } from './operations/content.js';
export { deriveFileStatus } from './operations/decorate.js';
export { checkFileId, checkUploadPurpose, uploadFileType } from './operations/validate.js';
export { isBrowser, isNode, userAgent } from './runtime.js';
export { type FileSource, resolveFileSource } from './source/file-source.js';
