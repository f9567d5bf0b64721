import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors.js';
import { bodyChunks } from '../http/request-body.js';
import { sendEmpty } from '../http/respond.js';
import type { RouteContext, ServerServices } from '../route-context.js';
import { BlobWriter, type WrittenBlob } from '../store/blob-writer.js';
import { storeSinglePart } from './single-upload.js';

/** The largest single PUT S3 takes: 5 GiB. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

function forbidden(message: string, code: string): HttpError {
  return new HttpError(403, message, { code });
}

/** Where a storage URL's bytes go: a pending single upload, or a part of a multipart upload. */
interface PutTarget {
  label: string;
  /** A part of a multipart upload. */
  part: boolean;
  /** True while the upload is pending: not yet preprocessed (or deleted), completed or aborted. */
  open(): boolean;
  /** Takes the bytes; an earlier body of the same URL is replaced (and its file removed). */
  accept(blob: WrittenBlob): Promise<void>;
}

function targetOf(services: ServerServices, segments: string[], diskFull: boolean): PutTarget {
  const [, fileId, uploadId, partText] = segments as [string, string, string?, string?];
  if (uploadId === undefined) {
    const pending = () => services.uploads.single.get(fileId);
    return {
      label: fileId,
      part: false,
      open: () => pending() !== undefined,
      accept: (blob) => storeSinglePart(services, pending()!, blob, { diskFull }),
    };
  }
  const partNumber = Number(partText);
  const upload = () => {
    const found = services.uploads.multipart.get(uploadId);
    return found?.fileId === fileId ? found : undefined;
  };
  return {
    label: `${fileId}.part${partNumber}`,
    part: true,
    open: () => upload() !== undefined,
    accept: (blob) => services.uploads.multipart.addPart(upload()!, partNumber, blob),
  };
}

function notPending(): HttpError {
  return forbidden(
    'The upload of this URL is no longer pending: it was preprocessed, completed or aborted',
    'upload_closed',
  );
}

/** The declared body length; 411 without one (chunked bodies are refused, as by S3). */
function requiredLength(request: IncomingMessage): number {
  const header = request.headers['content-length'];
  if (header === undefined || request.headers['transfer-encoding'] !== undefined) {
    throw new HttpError(411, 'Content-Length is required', { code: 'missing_content_length' });
  }
  const length = Number(header);
  if (length > MAX_PUT_BYTES) {
    throw new HttpError(400, `One PUT takes at most ${MAX_PUT_BYTES} bytes; use a multipart upload`, {
      code: 'entity_too_large',
    });
  }
  return length;
}

/**
 * `PUT /storage/...` (a presigned URL, no credentials): streams the body to a temp file, fsyncs it, and answers
 * exactly 200 with an `ETag`. As on S3, a URL may be PUT again until it expires (a client whose 200 was lost
 * retries): the new body replaces the earlier one while the upload is pending; after preprocess, complete or
 * abort it answers 403, as does a bad or expired URL. A short body leaves nothing behind.
 */
export async function storagePut(context: RouteContext): Promise<void> {
  const { services, request } = context;
  const problem = services.signer.verify('PUT', context.path, context.query);
  if (problem === 'expired') throw forbidden('The upload URL has expired', 'url_expired');
  if (problem) throw forbidden('The upload URL signature is invalid', 'signature_invalid');
  const target = targetOf(services, context.segments, context.diskFull === true);
  if (!target.open()) throw notPending();
  const length = requiredLength(request);

  // A part needs only its md5 (the ETag): the whole file is hashed once, after complete.
  const writer = await BlobWriter.create(services.store.tempPath(target.label), { sha256: !target.part });
  let blob: WrittenBlob;
  try {
    for await (const chunk of bodyChunks(request)) await writer.write(chunk);
    // A safety net: a body cut short ends in an error above (see http/client-error.ts).
    if (writer.bytes !== length) {
      throw new HttpError(400, 'The body is shorter than its Content-Length', { code: 'incomplete_body' });
    }
    blob = await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  // A preprocess, complete or abort may have come while this one streamed; then its bytes are not wanted.
  if (!target.open()) {
    await writer.discard();
    throw notPending();
  }
  await target.accept(blob);
  sendEmpty(context.response, 200, { etag: `"${blob.md5}"` });
}
