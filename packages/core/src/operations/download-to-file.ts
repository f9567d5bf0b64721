import { TogetherError } from '../errors/together-error.js';
import type { FilesContext } from '../http/create-files-context.js';
import { isNode } from '../runtime.js';
import { createProgressReporter, type ProgressListener } from '../transfer/progress.js';
import { streamDownload } from '../transfer/stream-download.js';
import { type WithRequestId, withRequestId } from './decorate.js';

/** Where a download went: the final path, its size and sha256 (computed while streaming). */
export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
}

/** Fails before any request when the folder of `output` is missing (or is not a folder). Node only. */
export async function checkOutputPath(output: string): Promise<string> {
  if (!output) throw new TogetherError('`output` is an empty path.');
  if (!isNode())
    throw new TogetherError('`output` needs Node; in a browser use `content(id)` and save the stream.');
  const [{ stat }, { dirname, resolve }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const path = resolve(output);
  const folder = dirname(path);
  const folderStats = await stat(folder).catch(() => undefined);
  if (!folderStats?.isDirectory()) throw new TogetherError(`The folder of output does not exist: ${folder}`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new TogetherError(`output is a folder, not a file: ${path}`);
  return path;
}

/**
 * Streams a download into a partial file beside `output` (`.<name>.partial`), hashing as it goes, and renames it
 * into place only once every byte arrived and the size matches. On a failure or abort in this process the partial
 * file is removed; when the process dies it stays, with a description of the content (ETag or size and
 * Last-Modified), and the next call for the same URL and output continues it with `Range` + `If-Range` (unless
 * `resume: false`): the bytes already on disk are hashed again, and a changed content starts over.
 */
export async function downloadToFile(
  context: FilesContext,
  options: {
    url: string;
    output: string;
    signal?: AbortSignal | undefined;
    onProgress?: ProgressListener | undefined;
    resume?: boolean | undefined;
  },
): Promise<WithRequestId<DownloadResult>> {
  const path = await checkOutputPath(options.output);
  const [{ open, rename }, { createHash }, { pipeline }, { openDownloadPartial }] = await Promise.all([
    import('node:fs/promises'),
    import('node:crypto'),
    import('node:stream/promises'),
    import('../resume/node-download-partial.js'),
  ]);
  // Opened first so a folder we cannot write to fails before any request.
  const partial = await openDownloadPartial({
    output: path,
    url: options.url,
    resume: options.resume !== false,
  });
  const resumeFrom = partial.resumeFrom;
  let hash = createHash('sha256');
  let bytes = 0;
  let progress = createProgressReporter({ total: 0 });
  let requestId: string | undefined;
  let total: number | undefined;
  // Set when the server sent the whole content again: the file is written anew from the chunk that follows.
  let restarted = false;
  const chunks = streamDownload(context, {
    url: options.url,
    signal: options.signal,
    resumeFrom,
    onRestart() {
      restarted = true;
    },
    async onStart(info) {
      requestId = info.requestId;
      total = info.total;
      await partial.describe(options.url, info);
      const resumed = info.start > 0 ? { bytes: info.start } : undefined;
      progress = createProgressReporter({
        total: info.total ?? 0,
        listener: options.onProgress,
        onListenerError: (error) => context.logger.warn('onProgress threw', error),
        start: info.start,
        resumed,
      });
    },
  });
  // The chunks of one write of the file, hashed and counted on their way to it. After a restart the write ends and
  // the file is written anew, starting with the chunk that came with the restart. The download is read by hand, as
  // ending one write must not end it.
  let carried: Uint8Array | undefined;
  let rewrite = false;
  async function* fileChunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next: IteratorResult<Uint8Array, void> = carried
        ? { done: false, value: carried }
        : await chunks.next();
      carried = undefined;
      if (restarted) {
        restarted = false;
        rewrite = true;
        if (!next.done) carried = next.value;
        return;
      }
      if (next.done) return;
      hash.update(next.value);
      bytes += next.value.byteLength;
      progress.update(bytes);
      yield next.value;
    }
  }
  try {
    if (resumeFrom) bytes = await hashFile(partial.path, hash, resumeFrom.offset);
    let append = resumeFrom !== undefined;
    do {
      if (rewrite) {
        rewrite = false;
        hash = createHash('sha256');
        bytes = 0;
        append = false;
      }
      const handle = await open(partial.path, append ? 'a' : 'w');
      // `pipeline` waits for the disk (backpressure); a failure on either side ends it and closes the file.
      await pipeline(fileChunks(), handle.createWriteStream({ highWaterMark: WRITE_BUFFER }));
    } while (rewrite);
    if (total !== undefined && bytes !== total) {
      throw new TogetherError(`The download holds ${bytes} bytes, not the ${total} the server announced.`);
    }
    await rename(partial.path, path);
    await partial.finish();
    return withRequestId({ path, bytes, sha256: hash.digest('hex') }, requestId);
  } catch (error) {
    // Stopped by the disk or the caller: the download still holds its connection.
    await chunks.return(undefined);
    await partial.discard();
    await partial.release();
    throw error;
  }
}

/** Hashes the first `length` bytes of `path` into `hash`; answers how many there were. */
async function hashFile(path: string, hash: import('node:crypto').Hash, length: number): Promise<number> {
  const { createReadStream } = await import('node:fs');
  let read = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) {
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).byteLength;
  }
  return read;
}

/** Bytes the file stream may hold before the download waits: the network reads on while the disk writes. */
const WRITE_BUFFER = 4 * 1024 * 1024;
