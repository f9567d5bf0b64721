import { webStreamChunks } from '../http/body.js';
import { isNode } from '../runtime.js';
import type { FileSource } from '../source/file-source.js';

/**
 * The sha256 of a source as lowercase hex: on Node streamed in constant memory (`node:crypto`); elsewhere through
 * Web Crypto, which digests one buffer, so the Blob is read whole: a Worker's single-part upload, and a browser's
 * multipart upload (its initiate sends the checksum; a browser's single-part upload is the one-shot, which sends none).
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

async function webSha256(source: FileSource, signal?: AbortSignal): Promise<string> {
  if (source.kind === 'path') throw new Error('A path can only be read on Node.');
  const bytes = source.kind === 'bytes' ? source.bytes : new Uint8Array(await source.blob.arrayBuffer());
  signal?.throwIfAborted();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
