import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors.js';
import { sendEmpty } from '../respond.js';
import type { RouteContext, ServerServices } from '../route-context.js';
import { BlobWriter, type WrittenBlob } from '../store/blob-writer.js';

/** The largest single PUT S3 takes: 5 GiB. */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

function forbidden(message: string, code: string): HttpError {
  return new HttpError(403, message, { code });
}

/** Where a storage URL's bytes go: a pending single upload, or a part of a multipart upload. */
interface PutTarget {
  label: string;
  /** True while the URL may still be used (not used up, not aborted or completed meanwhile). */
  open(): boolean;
  accept(blob: WrittenBlob): void;
}

function targetOf(services: ServerServices, segments: string[]): PutTarget {
  const [, fileId, uploadId, partText] = segments as [string, string, string?, string?];
  if (uploadId === undefined) {
    const pending = () => services.uploads.single.get(fileId);
    return {
      label: fileId,
      open: () => pending() !== undefined && pending()!.blob === undefined,
      accept: (blob) => {
        pending()!.blob = blob;
      },
    };
  }
  const partNumber = Number(partText);
  const upload = () => {
    const found = services.uploads.multipart.get(uploadId);
    return found?.fileId === fileId ? found : undefined;
  };
  return {
    label: `${fileId}.part${partNumber}`,
    open: () => upload() !== undefined && !upload()!.parts.has(partNumber),
    accept: (blob) => {
      upload()!.parts.set(partNumber, blob);
    },
  };
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
 * exactly 200 with an `ETag`. A bad, expired or used-up URL answers 403; a short body leaves nothing behind.
 */
export async function storagePut(context: RouteContext): Promise<void> {
  const { services, request } = context;
  const problem = services.signer.verify('PUT', context.path, context.query);
  if (problem === 'expired') throw forbidden('The upload URL has expired', 'url_expired');
  if (problem) throw forbidden('The upload URL signature is invalid', 'signature_invalid');
  const target = targetOf(services, context.segments);
  if (!target.open()) throw forbidden('The upload URL was used already or is no longer valid', 'url_used');
  const length = requiredLength(request);

  const writer = await BlobWriter.create(services.store.tempPath(target.label));
  let blob: WrittenBlob;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) await writer.write(chunk);
    if (writer.bytes !== length) throw new HttpError(400, 'The body is shorter than its Content-Length');
    blob = await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  // Another PUT on the same URL, an abort or a complete may have come while this one streamed.
  if (!target.open()) {
    await writer.discard();
    throw forbidden('The upload URL was used already or is no longer valid', 'url_used');
  }
  target.accept(blob);
  sendEmpty(context.response, 200, { etag: `"${blob.md5}"` });
}
