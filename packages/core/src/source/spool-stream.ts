import { TogetherError } from '../errors/together-error.js';
import { isNode } from '../runtime.js';
import { type StreamInput, streamNeedsNode } from './stream-input.js';

/**
 * In a module of its own, loaded on the first stream upload, so apps that never upload one do not carry it.
 * Uploads need a length (the presigned PUT) and a checksum (the POST) before the first byte goes, so a stream is
 * written to a temp file first, on Node, in constant memory (each chunk is written before the next is read), then
 * `use` uploads that file (the check reads it once, hashing as it goes) and the file is removed whatever happens.
 * Without a disk (browsers, Workers) this throws, saying what to pass instead. openai-node's `toFile` buffers a
 * stream whole instead (openai/openai-node src/internal/to-file.ts), which is what this avoids.
 */
export async function withSpooledStream<T>(
  input: StreamInput,
  options: { signal?: AbortSignal | undefined },
  use: (path: string) => Promise<T>,
): Promise<T> {
  if (!isNode()) throw streamNeedsNode();
  const [{ open, mkdtemp, rm }, { tmpdir }, { join }] = await Promise.all([
    import('node:fs/promises'),
    import('node:os'),
    import('node:path'),
  ]);
  const folder = await mkdtemp(join(tmpdir(), 'together-files-upload-'));
  try {
    const path = join(folder, 'spooled');
    const handle = await open(path, 'w', 0o600);
    try {
      const chunks = isReadableStream(input) ? readerChunks(input) : input;
      for await (const chunk of chunks) {
        options.signal?.throwIfAborted();
        if (!(chunk instanceof Uint8Array)) {
          throw new TogetherError(
            'A stream to upload must yield Uint8Array chunks (bytes), not strings or objects.',
          );
        }
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    return await use(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function isReadableStream(input: StreamInput): input is ReadableStream<Uint8Array> {
  return typeof (input as ReadableStream).getReader === 'function';
}

// Node 20's web ReadableStream is async-iterable, but not every one is (older browsers' polyfills): read it plainly.
async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    reader.releaseLock();
  }
}
