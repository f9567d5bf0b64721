/**
 * Bad inputs for the clients. Every case runs on the promise client and on the sync client (same methods, blocking),
 * and must end with the named error class and a message that says what was wrong.
 */
import type { CatalogueEnv } from './catalogue-env.js';

/** The methods both clients share; sync ones return values, promise ones promises. */
export interface AnyClient {
  files: {
    upload(options: Record<string, unknown>): unknown;
    list(): unknown;
    retrieve(id: string): unknown;
    retrieveContent(id: string, options?: Record<string, unknown>): unknown;
    delete(id: string): unknown;
    check(file: string, options?: Record<string, unknown>): unknown;
  };
}

/** One client case: `run` must throw (or reject) with `error` whose message matches `message`. */
export interface ClientCase {
  name: string;
  /** The failure is found before any request: the server must see nothing. */
  local: boolean;
  /** Builds a client with these options on top of the server's; a throw here is the outcome of construction cases. */
  run(context: { make: (options?: Record<string, unknown>) => AnyClient; env: CatalogueEnv }): unknown;
  error: string;
  message: RegExp;
  status?: number;
  /** Extra checks on the error (the check report's line, for instance). */
  inspect?(error: Record<string, unknown>): void;
}

const lineOf = (line: number) => (error: Record<string, unknown>) => {
  const report = error.report as { line_number?: number; is_check_passed?: boolean };
  if (report.is_check_passed !== false || report.line_number !== line) {
    throw new Error(`expected a failed report at line ${line}, got ${JSON.stringify(report)}`);
  }
};

const warningAt = (line: number) => (error: Record<string, unknown>) => {
  const report = error.report as { is_check_passed?: boolean; warnings?: { line: number }[] };
  if (report.is_check_passed !== true || report.warnings?.[0]?.line !== line) {
    throw new Error(`expected a passed report with a warning at line ${line}, got ${JSON.stringify(report)}`);
  }
};

const upload = (file: (env: CatalogueEnv) => string, extra: Record<string, unknown> = {}) =>
  (({ make, env }) =>
    make().files.upload({ file: file(env), purpose: 'fine-tune', ...extra })) as ClientCase['run'];

/** The client catalogue. */
export const clientCases: ClientCase[] = [
  {
    name: 'upload of a missing file',
    local: true,
    run: upload((env) => env.files.missing),
    error: 'TogetherError',
    message: /File not found: .*missing\.jsonl/,
  },
  {
    name: 'upload of an empty file',
    local: true,
    run: upload((env) => env.files.empty),
    error: 'TogetherError',
    message: /File is empty/,
  },
  {
    name: 'upload of a directory',
    local: true,
    run: upload((env) => env.files.directory),
    error: 'TogetherError',
    message: /Not a regular file/,
  },
  {
    name: 'upload of a .txt file',
    local: true,
    run: upload((env) => env.files.textExtension),
    error: 'TogetherError',
    message: /Unsupported file extension: "data\.txt"; supported: \.jsonl, \.parquet, \.csv/,
  },
  {
    name: 'upload of a .json file',
    local: true,
    run: upload((env) => env.files.jsonExtension),
    error: 'TogetherError',
    message: /Unsupported file extension: "data\.json"/,
  },
  {
    name: 'upload of a file without extension',
    local: true,
    run: upload((env) => env.files.noExtension),
    error: 'TogetherError',
    message: /Unsupported file extension: "data"/,
  },
  {
    name: 'upload of a non-UTF-8 file',
    local: true,
    run: upload((env) => env.files.notUtf8),
    error: 'FileCheckError',
    message: /UTF-8/,
    inspect: lineOf(1),
  },
  {
    name: 'upload with invalid JSON at line 1',
    local: true,
    run: upload((env) => env.files.invalidJsonLine1),
    error: 'FileCheckError',
    message: /[Ll]ine 1\b.*JSON/,
    inspect: lineOf(1),
  },
  {
    name: 'upload with invalid JSON at line 10 000',
    local: true,
    run: upload((env) => env.files.invalidJsonLine10000),
    error: 'FileCheckError',
    message: /[Ll]ine 10000\b/,
    inspect: lineOf(10000),
  },
  {
    name: 'upload with a blank line',
    local: true,
    run: upload((env) => env.files.blankLine),
    error: 'FileCheckError',
    message: /[Ll]ine 2\b/,
    inspect: lineOf(2),
  },
  {
    name: 'upload with a line that is an array',
    local: true,
    run: upload((env) => env.files.arrayLine),
    error: 'FileCheckError',
    message: /[Ll]ine 2\b/,
    inspect: lineOf(2),
  },
  {
    // A semantic finding warns (the service validates formats); `check: 'strict'` blocks on it (issue 12).
    name: 'strict upload mixing dataset formats',
    local: true,
    run: upload((env) => env.files.mixedFormats, { check: 'strict' }),
    error: 'FileCheckError',
    message: /strict.*[Ll]ine 2\b/,
    inspect: warningAt(2),
  },
  {
    name: 'strict upload of a conversation without an assistant message',
    local: true,
    run: upload((env) => env.files.noAssistant, { check: 'strict' }),
    error: 'FileCheckError',
    message: /strict.*assistant/,
    inspect: warningAt(1),
  },
  {
    name: 'upload with a line longer than the service takes (160 MiB)',
    local: true,
    run: upload((env) => env.files.overlongLine),
    error: 'FileCheckError',
    message: /[Ll]ine 2\b.*longer than 167772160 bytes/,
    inspect: lineOf(2),
  },
  {
    name: 'upload with an unknown purpose',
    local: true,
    run: upload((env) => env.files.valid, { purpose: 'assistants' }),
    error: 'TogetherError',
    message: /Unknown purpose "assistants".*"fine-tune", "eval", "batch-api"/,
  },
  {
    name: 'upload with a platform-only purpose',
    local: true,
    run: upload((env) => env.files.valid, { purpose: 'eval-output' }),
    error: 'TogetherError',
    message: /Unknown purpose "eval-output"/,
  },
  {
    name: 'upload of a CSV for fine-tune (purpose/type mismatch)',
    local: true,
    run: upload((env) => env.files.csvForFineTune),
    error: 'TogetherError',
    message: /csv file cannot be uploaded for purpose "fine-tune"/,
  },
  {
    name: 'upload of a JSONL named .parquet for batch-api (purpose/type mismatch)',
    local: true,
    run: upload((env) => env.files.valid, { purpose: 'batch-api', filename: 'data.parquet' }),
    error: 'TogetherError',
    message: /parquet file cannot be uploaded for purpose "batch-api"/,
  },
  {
    name: 'upload of a ragged CSV for eval',
    local: true,
    run: upload((env) => env.files.csvRaggedForEval, { purpose: 'eval' }),
    error: 'FileCheckError',
    message: /[Ll]ine 3\b|row/,
  },
  {
    name: 'upload of bytes without a filename',
    local: true,
    run: ({ make }) => make().files.upload({ file: new TextEncoder().encode('{"text":"x"}\n') }),
    error: 'TogetherError',
    message: /file name is needed/,
  },
  {
    name: 'retrieve of a path-traversal id',
    local: true,
    run: ({ make }) => make().files.retrieve('../../etc/passwd'),
    error: 'TogetherError',
    message: /Not a valid file id: "\.\.\/\.\.\/etc\/passwd"/,
  },
  {
    name: 'delete of an empty id',
    local: true,
    run: ({ make }) => make().files.delete(''),
    error: 'TogetherError',
    message: /file id is required/,
  },
  {
    name: 'retrieveContent of an id with a slash',
    local: true,
    run: ({ make }) => make().files.retrieveContent('file-1/content'),
    error: 'TogetherError',
    message: /Not a valid file id/,
  },
  {
    name: 'retrieve of an id with a space',
    local: true,
    run: ({ make }) => make().files.retrieve('file 1'),
    error: 'TogetherError',
    message: /Not a valid file id/,
  },
  {
    name: 'client without an API key',
    local: true,
    run: ({ make }) => make({ apiKey: undefined }),
    error: 'TogetherError',
    message: /Missing API key.*TOGETHER_API_KEY/,
  },
  {
    name: 'timeout of zero',
    local: true,
    run: ({ make }) => make({ timeout: 0 }),
    error: 'TogetherError',
    message: /timeout must be a positive number/,
  },
  {
    name: 'negative timeout',
    local: true,
    run: ({ make }) => make({ timeout: -5 }),
    error: 'TogetherError',
    message: /timeout must be a positive number/,
  },
  {
    name: 'negative maxRetries',
    local: true,
    run: ({ make }) => make({ maxRetries: -1 }),
    error: 'TogetherError',
    message: /maxRetries must be a whole number/,
  },
  {
    name: 'baseURL that is not a URL',
    local: true,
    run: ({ make }) => make({ baseURL: 'not a url' }),
    error: 'TogetherError',
    message: /baseURL is not a valid URL/,
  },
  {
    name: 'baseURL with another protocol',
    local: true,
    run: ({ make }) => make({ baseURL: 'ftp://example.com/v1' }),
    error: 'TogetherError',
    message: /baseURL must be an http\(s\) URL/,
  },
  {
    name: 'unknown log level',
    local: true,
    run: ({ make }) => make({ logLevel: 'verbose' }),
    error: 'TogetherError',
    message: /logLevel must be one of/,
  },
  {
    name: 'part size under 5 MiB',
    local: true,
    run: ({ make }) => make({ upload: { partSize: 1024 * 1024 } }),
    error: 'TogetherError',
    message: /partSize must be a whole number of bytes from 5242880/,
  },
  {
    name: 'download into a missing folder',
    local: true,
    run: ({ make, env }) =>
      make().files.retrieveContent('file-x', { output: `${env.outputDir}/missing/out.jsonl` }),
    error: 'TogetherError',
    message: /folder of output does not exist/,
  },
  {
    name: 'download onto a directory',
    local: true,
    run: ({ make, env }) => make().files.retrieveContent('file-x', { output: env.outputDir }),
    error: 'TogetherError',
    message: /output is a folder/,
  },
  {
    name: 'wrong API key',
    local: false,
    run: ({ make }) => make({ apiKey: 'wrong-key', maxRetries: 0 }).files.list(),
    error: 'AuthenticationError',
    message: /Invalid API key/,
    status: 401,
  },
  {
    name: 'retrieve of an unknown id',
    local: false,
    run: ({ make }) => make().files.retrieve('file-does-not-exist'),
    error: 'NotFoundError',
    message: /No file with id "file-does-not-exist"/,
    status: 404,
  },
  {
    name: 'delete of an unknown id',
    local: false,
    run: ({ make }) => make().files.delete('file-does-not-exist'),
    error: 'NotFoundError',
    message: /No file with id/,
    status: 404,
  },
  {
    name: 'download of an unknown id to disk',
    local: false,
    run: ({ make, env }) =>
      make().files.retrieveContent('file-does-not-exist', { output: `${env.outputDir}/never.jsonl` }),
    error: 'NotFoundError',
    message: /No file with id/,
    status: 404,
  },
  {
    name: 'unreachable base URL',
    local: false,
    run: ({ make, env }) => make({ baseURL: env.unreachableBaseURL, maxRetries: 0 }).files.list(),
    error: 'APIConnectionError',
    message: /Connection error/,
  },
  {
    name: 'a JSON answer that inflates past the cap (gzip bomb, issue 13.12)',
    local: true,
    run: ({ make, env }) => make({ baseURL: `${env.hostileOrigin}/bomb/v1`, maxRetries: 2 }).files.list(),
    error: 'ResponseTooLargeError',
    message: /larger than 67108864 bytes once decoded/,
  },
  {
    name: 'a JSON call redirected to another origin keeps the default headers home (issue 13.14)',
    local: true,
    run: ({ make, env }) =>
      make({
        baseURL: `${env.hostileOrigin}/leak/v1`,
        defaultHeaders: { 'X-Org-Token': 'org-secret' },
      }).files.list(),
    error: 'BadRequestError',
    message: /x-org-token received: none/,
    status: 400,
  },
  {
    name: 'a storage redirect to loopback spelt as IPv4-mapped IPv6 (issue 13.13)',
    local: true,
    run: ({ make, env }) =>
      make({ baseURL: `${env.hostileOrigin}/mapped/v1` }).files.retrieveContent('file-1'),
    error: 'TogetherError',
    message: /Refusing to follow a redirect to http:\/\/\[::ffff:7f00:1\]/,
  },
  {
    name: 'an error body that echoes a signed URL (issue 13.15)',
    local: true,
    run: ({ make, env }) => make({ baseURL: `${env.hostileOrigin}/echo/v1`, maxRetries: 0 }).files.list(),
    error: 'PermissionDeniedError',
    message: /Signature does not match for https:\/\/storage\.example\.com\/bucket\/file\?\[redacted\]$/,
    status: 403,
    inspect(error) {
      if (/SECRETSIG|AKIAHOSTILE/.test(String(error.message)))
        throw new Error(`not redacted: ${error.message}`);
    },
  },
];
