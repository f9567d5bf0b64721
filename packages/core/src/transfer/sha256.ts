import type { FileSource } from '../source/file-source.js';

/** The sha256 of a source as lowercase hex, streamed in constant memory (Node only: it needs `node:crypto`). */
export async function sha256OfSource(source: FileSource, signal?: AbortSignal): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  if (source.kind === 'bytes') {
    hash.update(source.bytes);
  } else if (source.kind === 'blob') {
    for await (const chunk of source.blob.stream() as unknown as AsyncIterable<Uint8Array>) {
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
