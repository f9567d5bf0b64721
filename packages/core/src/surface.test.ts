// Core's declared surface (issue 17.4): `.` is what the clients, the CLI and users build on, under semver;
// `./internal` keeps what was exported before without that promise. A new export must be placed on purpose.
import * as core from '@together-files/core';
import * as internal from '@together-files/core/internal';
import { expect, test } from 'vitest';

test("the entry's values are the declared public ones", () => {
  expect(Object.keys(core).sort()).toEqual([
    'APIConnectionError',
    'APIError',
    'APITimeoutError',
    'APIUserAbortError',
    'AuthenticationError',
    'BadRequestError',
    'ConflictError',
    'DEFAULT_BASE_URL',
    'FileCheckError',
    'InternalServerError',
    'MAX_JSON_BODY',
    'NotFoundError',
    'PermissionDeniedError',
    'RateLimitError',
    'ResponseTooLargeError',
    'TogetherError',
    'UnprocessableEntityError',
    'UploadError',
    'VERSION',
    'baseName',
    'checkFile',
    'contentStream',
    'createFilesContext',
    'createFilesFetch',
    'createLogger',
    'decorateFile',
    'deleteFile',
    'errorFromPlain',
    'errorToPlain',
    'isStreamInput',
    'listFiles',
    'planUpload',
    'resolveOptions',
    'resolveUploadSettings',
    'retrieveContentText',
    'retrieveContentToFile',
    'retrieveFile',
    'uploadFile',
    'waitForProcessing',
    'withRequestId',
  ]);
});

test('the internal subpath holds the rest, none of it public', () => {
  const names = Object.keys(internal);
  expect(names.sort()).toEqual([
    'DEFAULT_CONCURRENCY',
    'MAX_FILE_SIZE',
    'MAX_PARTS',
    'MAX_TEXT_CONTENT',
    'MIN_PART_SIZE',
    'MULTIPART_THRESHOLD',
    'TARGET_PART_SIZE',
    'checkFileId',
    'checkUploadPurpose',
    'contentURL',
    'createDeadline',
    'createRedactor',
    'deriveFileStatus',
    'isBrowser',
    'isLogLevel',
    'isNode',
    'isRetryable',
    'isUnsafeHost',
    'loggingMiddleware',
    'nextRetryDelay',
    'readEnv',
    'readRequestId',
    'resolveFileSource',
    'retryDelay',
    'sleep',
    'uploadFileType',
    'userAgent',
    'withRetries',
  ]);
  expect(names.filter((name) => name in core)).toEqual([]);
});
