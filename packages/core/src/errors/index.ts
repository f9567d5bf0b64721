export {
  APIError,
  type APIErrorOptions,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './api-error.js';
export {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type UploadPause,
} from './connection-errors.js';
export { errorFromPlain, errorToPlain, type PlainError } from './plain.js';
export { MAX_JSON_BODY, ResponseTooLargeError } from './response-errors.js';
export { TogetherError } from './together-error.js';
export { FileCheckError, UploadError, type UploadStep } from './upload-errors.js';
