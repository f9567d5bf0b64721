import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FileObject } from '@together-files/types';
import { HttpError } from '../http/errors.js';
import type { RouteContext } from '../route-context.js';
import type { StoredBlob } from '../store/stored-blob.js';
import { fileNotFound, requireFile } from './files.js';

/** The byte range a `Range` header asks for; `undefined` for the whole file (absent, malformed or multiple). */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    // RFC 9110 14.1.3: a suffix range is satisfiable only on a file that has bytes.
    if (suffix === 0 || size === 0) throw rangeNotSatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) throw rangeNotSatisfiable(size);
  return { start, end };
}

/**
 * The validators of a file's bytes: a strong `ETag` and `Last-Modified`, as S3 sends on every object GET. A file
 * id's bytes never change, so the id, size and creation time identify them (the sha256 of a multipart file is
 * known only after background hashing, and a validator must not change meanwhile).
 */
export function contentValidators(file: FileObject): { etag: string; lastModified: string } {
  const identity = createHash('sha256').update(`${file.id}\n${file.bytes}\n${file.created_at}`).digest('hex');
  return { etag: `"${identity.slice(0, 32)}"`, lastModified: new Date(file.created_at * 1000).toUTCString() };
}

/**
 * True when a `Range` may be honoured under this `If-Range` (RFC 9110 §13.1.5): no `If-Range`, the same strong
 * ETag, or exactly the `Last-Modified` date. Otherwise the whole content is sent with 200, so a client resuming a
 * changed file starts over instead of splicing two versions.
 */
export function ifRangeHolds(header: string | undefined, validators: { etag: string; lastModified: string }) {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === validators.etag;
  return value === validators.lastModified;
}

function rangeNotSatisfiable(size: number): HttpError {
  return new HttpError(416, `The range starts past the end of the file (${size} bytes)`, {
    param: 'Range',
    code: 'range_not_satisfiable',
    headers: { 'content-range': `bytes */${size}` },
  });
}

function written(response: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    response.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
}

/** Sends `limit` bytes, waits until the socket took them, then destroys the connection (a download fault). */
async function sendThenReset(blob: StoredBlob, response: ServerResponse, start: number, limit: number) {
  if (limit > 0) {
    for await (const chunk of blob.read(start, start + limit - 1)) {
      await written(response, chunk as Buffer);
    }
  }
  response.flushHeaders();
  const socket = response.socket;
  await new Promise<void>((resolve) => (socket ? socket.write(Buffer.alloc(0), () => resolve()) : resolve()));
  socket?.destroy();
}

/**
 * `GET /v1/files/{id}/content`: streams the bytes with `Content-Length`, `ETag` and `Last-Modified`;
 * `Range: bytes=N-` (or `N-M`, `-S`) answers 206 with `Content-Range`, and 416 past the end, unless an `If-Range`
 * no longer matches (then 200 with everything); a multipart file is read across its parts. The file is opened
 * before streaming starts, so a delete meanwhile does not cut the download short.
 */
export async function retrieveFileContent(context: RouteContext): Promise<void> {
  const id = context.segments[2]!;
  const { file } = requireFile(context, id);
  const blob = await context.services.store.openBlob(id);
  if (!blob) throw fileNotFound(id);
  try {
    const { size } = blob;
    const validators = contentValidators(file);
    const { headers } = context.request;
    const range = ifRangeHolds(headers['if-range'] as string | undefined, validators)
      ? parseRange(headers.range, size)
      : undefined;
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const length = end - start + 1;
    context.response.writeHead(range ? 206 : 200, {
      // The one media type the official description declares for the content (openapi/upstream/files.yaml); the
      // bytes are whatever the file holds, so browsers are told not to sniff them.
      'content-type': 'text/plain',
      'x-content-type-options': 'nosniff',
      'content-length': length,
      'accept-ranges': 'bytes',
      etag: validators.etag,
      'last-modified': validators.lastModified,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      ...(range && { 'content-range': `bytes ${start}-${end}/${size}` }),
    });
    if (context.resetAfterBytes !== undefined) {
      await sendThenReset(blob, context.response, start, Math.min(context.resetAfterBytes, length));
    } else if (length > 0) {
      await pipeline(blob.read(start, end), context.response);
    } else {
      context.response.end();
    }
  } finally {
    await blob.close();
  }
}
