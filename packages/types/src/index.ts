/**
 * Types of Together's Files API. `generated.ts` comes from `openapi/files.yaml` (`pnpm spec:update`), which is the
 * official description's Files part with our overlay applied; the names below are friendly aliases of its
 * `components`, so users never spell `components['schemas'][...]`, and keep their names where upstream's differ.
 */
import type { components, operations, paths } from './generated.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/**
 * A file's metadata, with the service's wire names (`FileType`, `Processed`, `LineCount` stay PascalCase). Upstream
 * calls it `FileResponse`.
 */
export type FileObject = Schemas['FileResponse'];
/** The answer of `GET /files`. No pagination. */
export type FileList = Schemas['FileList'];
/** The answer of `DELETE /files/{id}`. */
export type FileDeleteResponse = Schemas['FileDeleteResponse'];
/** The body of every non-2xx answer from the API host. */
export type ErrorData = Schemas['ErrorData'];
/** The inner object of {@link ErrorData}: `message`, `type`, `param`, `code`. */
export type ErrorBody = Schemas['ErrorData']['error'];
/** What a file is for (`fine-tune`, `eval`, `batch-api`, and the labels the platform sets). */
export type FilePurpose = Schemas['FilePurpose'];
/** A file's format, from its extension. */
export type FileType = Schemas['FileType'];
/** The service's validation state of a fine-tune file. */
export type ProcessingStatus = Schemas['ProcessingStatus'];
/** The outcome of the service's validation of a fine-tune file. */
export type ValidationReport = Schemas['ValidationReport'];
/** The 409 answer when a file with the same checksum exists. */
export type DuplicateFile = Schemas['DuplicateFile'];
/** The form fields of `POST /files`, which starts a single-part upload. */
export type UploadRequest = Schemas['UploadRequest'];
/** The body of `POST /files/multipart/initiate`. */
export type MultipartInitiateRequest = Schemas['MultipartInitiateRequest'];
/** The answer of `POST /files/multipart/initiate`: a presigned URL (and headers) for each part. */
export type MultipartInitiateResponse = Schemas['MultipartInitiateResponse'];
/** One part's presigned URL in {@link MultipartInitiateResponse}. */
export type MultipartPartUpload = Schemas['MultipartPartUpload'];
/** One uploaded part in {@link MultipartCompleteRequest}: its number and quote-free ETag. */
export type CompletedPart = Schemas['CompletedPart'];
/** The body of `POST /files/multipart/complete`. */
export type MultipartCompleteRequest = Schemas['MultipartCompleteRequest'];
/** The wrapped form of the complete answer, `{ file }`, that some deployments send. */
export type MultipartCompleteResponse = Schemas['MultipartCompleteResponse'];
/** The body of `POST /files/multipart/abort`. */
export type MultipartAbortRequest = Schemas['MultipartAbortRequest'];
/** The answer of `POST /files/multipart/abort`. */
export type MultipartAbortResponse = Schemas['MultipartAbortResponse'];
