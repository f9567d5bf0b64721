import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan } from './faults.js';
import type { RequestLog } from './http/request-log.js';
import type { UrlSigner } from './presign.js';
import type { ProcessingQueue } from './processing-queue.js';
import type { FileStore } from './store/file-store.js';
import type { UploadSessions } from './store/upload-sessions.js';

/** The parts of one running server that routes use. */
export interface ServerServices {
  store: FileStore;
  uploads: UploadSessions;
  signer: UrlSigner;
  processing: ProcessingQueue;
  faults: FaultPlan;
  /** What accepted requests were, for tests (never their headers). */
  requestLog: RequestLog;
  /** The origin storage URLs get for a request (see http/storage-origin.ts). */
  storageOrigin: (request: IncomingMessage) => string;
  /** Aborted when the server closes: waits (fault delays) end early. */
  closing: AbortSignal;
  /** Seconds an unfinished upload is kept after its upload URLs expire, then dropped with its bytes. */
  unfinishedUploadGrace: number;
}

/** Everything a route handler gets for one request. */
export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  /** The raw (percent-encoded) path, without the query. */
  path: string;
  /** The path's segments, percent-decoded. */
  segments: string[];
  query: URLSearchParams;
  services: ServerServices;
  /** From a download fault: cut the response body off after this many bytes. */
  resetAfterBytes?: number;
  /** From a `diskFull` fault: the store's write of this request fails with ENOSPC. */
  diskFull?: boolean;
}

/** Answers one request. */
export type RouteHandler = (context: RouteContext) => Promise<void>;
