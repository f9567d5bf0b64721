import type { RouteHandler } from './route-context.js';
import { addFaults, clearFaults, clearRequests, listFaults, listRequests } from './routes/admin.js';
import { retrieveFileContent } from './routes/content.js';
import { deleteFile, listFiles, retrieveFile } from './routes/files.js';
import { uploadFile } from './routes/form-upload.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
} from './routes/multipart.js';
import { createUpload, preprocessFile } from './routes/single-upload.js';
import { storagePut } from './routes/storage.js';
import type { RouteName } from './types.js';

/** What a request's method and path resolve to. */
export interface RouteMatch {
  /** The route name recorded and matched by faults. */
  route: RouteName | 'admin' | 'unknown';
  /** The handler; absent when nothing serves this method on this path. */
  handler?: RouteHandler;
  /** The methods the path takes, when the path is known but the method is not (405). */
  allowed?: string[];
}

type MethodTable = Record<string, [RouteName | 'admin', RouteHandler]>;

const FILES: MethodTable = { GET: ['listFiles', listFiles], POST: ['createUpload', createUpload] };
const UPLOAD: MethodTable = { POST: ['uploadFile', uploadFile] };
const MULTIPART: Record<string, MethodTable> = {
  initiate: { POST: ['initiateMultipartUpload', initiateMultipartUpload] },
  complete: { POST: ['completeMultipartUpload', completeMultipartUpload] },
  abort: { POST: ['abortMultipartUpload', abortMultipartUpload] },
};
const FILE: MethodTable = { GET: ['retrieveFile', retrieveFile], DELETE: ['deleteFile', deleteFile] };
const CONTENT: MethodTable = { GET: ['retrieveFileContent', retrieveFileContent] };
const PREPROCESS: MethodTable = { POST: ['preprocessFile', preprocessFile] };
const STORAGE: MethodTable = { PUT: ['storagePut', storagePut] };
const ADMIN: Record<string, MethodTable> = {
  faults: { GET: ['admin', listFaults], POST: ['admin', addFaults], DELETE: ['admin', clearFaults] },
  requests: { GET: ['admin', listRequests], DELETE: ['admin', clearRequests] },
};

/** The table of the path's segments (already percent-decoded), or `undefined` for an unknown path. */
function tableOf(segments: string[]): MethodTable | undefined {
  const [first, second, third, fourth, ...rest] = segments;
  if (first === 'v1' && second === 'files' && rest.length === 0) {
    if (third === undefined) return FILES;
    if (third === 'upload' && fourth === undefined) return UPLOAD;
    if (third === 'multipart' && fourth !== undefined && Object.hasOwn(MULTIPART, fourth))
      return MULTIPART[fourth];
    if (fourth === undefined) return FILE;
    if (fourth === 'content') return CONTENT;
    if (fourth === 'preprocess') return PREPROCESS;
    return undefined;
  }
  if (first === 'storage' && (segments.length === 2 || segments.length === 4)) return STORAGE;
  if (first === '_admin' && segments.length === 2 && second !== undefined && Object.hasOwn(ADMIN, second)) {
    return ADMIN[second];
  }
  return undefined;
}

/**
 * Resolves a request. Ids are matched after percent-decoding; handlers check them against the safe-id pattern,
 * so an encoded `/` or `..` can never name a path outside the store.
 */
export function matchRoute(method: string, segments: string[]): RouteMatch {
  const table = tableOf(segments);
  if (!table) return { route: segments[0] === '_admin' ? 'admin' : 'unknown' };
  const entry = Object.hasOwn(table, method) ? table[method] : undefined;
  if (!entry) return { route: segments[0] === '_admin' ? 'admin' : 'unknown', allowed: Object.keys(table) };
  return { route: entry[0], handler: entry[1] };
}

/** Splits a raw request target into its path, decoded segments and query; `undefined` segments when undecodable. */
export function splitTarget(target: string): { path: string; segments?: string[]; query: URLSearchParams } {
  const mark = target.indexOf('?');
  const raw = mark === -1 ? target : target.slice(0, mark);
  const path = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const query = new URLSearchParams(mark === -1 ? '' : target.slice(mark + 1));
  try {
    return { path: raw, segments: path.split('/').slice(1).map(decodeURIComponent), query };
  } catch {
    return { path: raw, query };
  }
}
