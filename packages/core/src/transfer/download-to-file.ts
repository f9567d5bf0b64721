import { TogetherError } from '../errors/together-error.js';
import { type WithRequestId, withRequestId } from '../files/decorate.js';
import type { FilesFetch } from '../http/create-files-fetch.js';
import { isNode } from '../runtime.js';
import { createProgressReporter, type ProgressListener } from './progress.js';
import { streamDownload } from './stream-download.js';

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
 * Streams a download into a temp file beside `output`, hashing as it goes, and renames it into place only once every
 * byte arrived; on any failure or abort the temp file is removed and nothing is left behind.
 */
export async function downloadToFile(
  context: FilesFetch,
  options: {
    url: string;
    output: string;
    signal?: AbortSignal | undefined;
    onProgress?: ProgressListener | undefined;
  },
): Promise<WithRequestId<DownloadResult>> {
  const path = await checkOutputPath(options.output);
  const [{ open, rename, rm }, { createHash, randomBytes }, { basename, dirname, join }] = await Promise.all([
    import('node:fs/promises'),
    import('node:crypto'),
    import('node:path'),
  ]);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  const hash = createHash('sha256');
  // Opened first so a folder we cannot write to fails before any request.
  const handle = await open(temp, 'wx');
  const sink = createSink(handle.createWriteStream({ highWaterMark: WRITE_BUFFER }));
  let bytes = 0;
  let progress = createProgressReporter({ total: 0 });
  let requestId: string | undefined;
  try {
    const chunks = streamDownload(context, {
      url: options.url,
      signal: options.signal,
      onStart(info) {
        requestId = info.requestId;
        const { total } = info;
        progress = createProgressReporter({
          total: total ?? 0,
          listener: options.onProgress,
          onListenerError: (error) => context.logger.warn('onProgress threw', error),
        });
      },
    });
    for await (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      await sink.write(chunk);
      progress.update(bytes);
    }
    await sink.end();
    await rename(temp, path);
    return withRequestId({ path, bytes, sha256: hash.digest('hex') }, requestId);
  } catch (error) {
    await sink.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** Bytes the file stream may hold before the download waits: the network reads on while the disk writes. */
const WRITE_BUFFER = 4 * 1024 * 1024;

/** A write stream as three awaitable steps; a disk error surfaces at the next step instead of going unhandled. */
function createSink(stream: import('node:fs').WriteStream) {
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  const check = () => {
    if (failure !== undefined) throw failure;
  };
  return {
    /** Queues a chunk; waits only when the buffer is full (or the stream failed and closed). */
    async write(chunk: Uint8Array): Promise<void> {
      check();
      if (stream.write(chunk)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
      check();
    },
    /** Flushes everything and closes the file. */
    async end(): Promise<void> {
      stream.end();
      await closed;
      check();
    },
    /** Drops what is buffered and closes the file. */
    async destroy(): Promise<void> {
      stream.destroy();
      await closed;
    },
  };
}
