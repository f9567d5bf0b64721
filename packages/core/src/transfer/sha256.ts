import { webStreamChunks } from '../http/body.js';
import { isNode } from '../runtime.js';
import type { FileSource } from '../source/file-source.js';
import { createSha256 } from './incremental-sha256.js';

/**
 * The sha256 of a source as lowercase hex, in bounded memory: on Node streamed through `node:crypto`; elsewhere (a
 * Worker's single-part upload, and a browser's multipart upload, whose initiate sends the checksum; a browser's
 * single-part upload is the one-shot, which sends none) see {@link webSha256}.
 */
export async function sha256OfSource(source: FileSource, signal?: AbortSignal): Promise<string> {
  // The web build is never on Node: the condition folds to true there, and `node:crypto`'s hashing goes with it.
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !isNode())
    return webSha256(source, signal);
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  if (source.kind === 'bytes') {
    hash.update(source.bytes);
  } else if (source.kind === 'blob') {
    for await (const chunk of webStreamChunks(source.blob.stream())) {
      signal?.throwIfAborted();
      hash.update(chunk);
    }
  } else {
    const { createReadStream } = await import('node:fs');
    const stream = createReadStream(source.path, { highWaterMark: 1024 * 1024, signal });
    for await (const chunk of stream) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Up to this size, a Blob is digested whole by Web Crypto (native speed; the bytes are in memory for a moment).
 * Above it, the Blob is streamed through our own SHA-256 in constant memory: a browser's multipart upload starts at
 * 5 GiB, which no tab can hold in one buffer.
 */
export const WEB_CRYPTO_LIMIT = 64 * 1024 * 1024;

/** The sha256 without `node:crypto` (exported for tests, which also lower `wholeLimit`). */
export async function webSha256(
  source: FileSource,
  signal?: AbortSignal,
  wholeLimit = WEB_CRYPTO_LIMIT,
): Promise<string> {
  if (source.kind === 'path') throw new Error('A path can only be read on Node.');
  if (source.kind === 'bytes' || source.blob.size <= wholeLimit) {
    const bytes = source.kind === 'bytes' ? source.bytes : new Uint8Array(await source.blob.arrayBuffer());
    signal?.throwIfAborted();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }
  const hash = createSha256();
  for await (const chunk of webStreamChunks(source.blob.stream())) {
    signal?.throwIfAborted();
    hash.update(chunk);
  }
  return hash.hex();
}
