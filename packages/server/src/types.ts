import type { operations } from '@together-files/types';
import type { ValidationLimits } from './validate-dataset.js';
/**
 * The operations of the Files API, by the spec's operation ids, plus the storage PUT: what a fault or a recorded
 * request names. `satisfies` keeps the list honest against `openapi/files.yaml`.
 */
export const ROUTE_NAMES = [
  'listFiles',
  'createUpload',
  'retrieveFile',
  'deleteFile',
  'retrieveFileContent',
  'preprocessFile',
  'uploadFile',
  'initiateMultipartUpload',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'storagePut',
] as const satisfies readonly (keyof operations | 'storagePut')[];

/** One of {@link ROUTE_NAMES}. */
export type RouteName = (typeof ROUTE_NAMES)[number];

/**
 * A planned misbehaviour: the next `times` requests of `route` (or of every route, `'*'`) are delayed, answered
 * with an error status, or cut off. Admin routes and CORS preflights are never hit.
 */
export interface Fault {
  /** The route it hits, or `'*'` for any. */
  route: RouteName | '*';
  /** How many matching requests it hits (default 1), then it is used up. */
  times?: number;
  /** Answer with this status and an `ErrorData` body (e.g. 500, 502, 503, 429). */
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms`. */
  retryAfterMs?: number;
  /** Extra response headers, e.g. `{ 'x-should-retry': 'false' }`. */
  headers?: Record<string, string>;
  /**
   * Destroy the connection after this many bytes of the request body (uploads, PUTs, every route but the
   * download) or of the response body (`retrieveFileContent`). A shorter body is cut off at its end.
   */
  resetAfterBytes?: number;
  /** Wait this long before answering (before the status line, so before the body too). */
  delayMs?: number;
  /**
   * The store's write fails with `ENOSPC` (no space left on device), as on a full disk: for `storagePut` (a
   * single-part upload becomes its file there), `completeMultipartUpload` and `uploadFile`, after the bytes were
   * moved into place and before the metadata is written. The answer is 507; the upload stays pending, so the same
   * call can be retried.
   */
  diskFull?: boolean;
}

/**
 * One request the server accepted (past its auth), as tests inspect it. Headers are never kept: they carry API
 * keys, and a log of them would grow with whatever clients send.
 */
export interface RecordedRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** The raw path, without the query. */
  path: string;
  /** The route it matched; `'admin'` for `/_admin/*`, `'unknown'` for an unknown `/v1` path. */
  route: RouteName | 'admin' | 'unknown';
  /**
   * The request headers (names in lower case, repeated ones joined with `, `) when the server was started with
   * `recordHeaders: true`; else empty. Only this process sees them: `GET /_admin/requests` never sends them.
   */
  headers: Record<string, string>;
}

/** How to start a server; every field is optional. */
export interface StartServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /**
   * The origin clients reach this server at (`http://files.example:8787`), used in storage URLs. Default: the
   * listening address, or, when listening on every interface (`0.0.0.0`, `::`), the `Host` the request came with.
   */
  publicUrl?: string;
  /** Folder of the store; kept across restarts. Default: a fresh temporary folder, removed on `close()`. */
  dataDir?: string;
  /** The only bearer token accepted; without one any non-empty bearer token is. */
  apiKey?: string;
  /** Faults planned from the start. */
  faults?: Fault[];
  /**
   * How long presigned storage URLs stay valid, in seconds (default 3600). An expired URL answers 403, as on S3;
   * an unfinished multipart upload is kept for a day after its URLs expire, then dropped.
   */
  presignTTL?: number;
  /** The former name of {@link StartServerOptions.presignTTL}; `presignTTL` wins when both are given. */
  uploadUrlTtlSeconds?: number;
  /**
   * Seconds an unfinished upload is kept after its URLs expire (default 86400, one day): a single-part upload whose
   * `preprocess` never came, or a multipart upload never completed or aborted. Then it is dropped and its bytes are
   * removed, within a minute (sooner for short lifetimes). Until then it can still be finished.
   */
  unfinishedUploadGrace?: number;
  /**
   * The bounds of one dataset validation (a worker thread's heap, in MB, default 512; its time, default 10 min).
   * A validation past them fails with a report; the server stays up.
   */
  validation?: ValidationLimits;
  /**
   * Keep each accepted request's headers in {@link ServerHandle.requests} (for tests of what a client sends,
   * `Authorization` included). Off by default; they count toward the log's byte budget and never leave this
   * process.
   */
  recordHeaders?: boolean;
}

/** A running server. */
export interface ServerHandle {
  /** `http://HOST:PORT`, the origin of the API and of the storage URLs. */
  url: string;
  /** `url + '/v1'`, what clients take as `baseURL`. */
  baseURL: string;
  /** Where the files live (a fresh temporary folder when none was given; removed on `close()`). */
  dataDir: string;
  /** The fault plan: add faults or drop them all. */
  faults: { add(...faults: Fault[]): void; clear(): void };
  /**
   * Every request accepted, in order (a live array of method, path and route; past ~4 MiB of entries the oldest
   * quarter is dropped).
   */
  requests: RecordedRequest[];
  /** Empties {@link ServerHandle.requests}. */
  clearRequests(): void;
  /** Stops listening, ends open connections and waits for running validations. */
  close(): Promise<void>;
}
