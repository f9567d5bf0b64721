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
  const handle = await open(temp, 'wx');
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
      await handle.write(chunk);
      hash.update(chunk);
      bytes += chunk.byteLength;
      progress.update(bytes);
    }
    await handle.close();
    await rename(temp, path);
    return withRequestId({ path, bytes, sha256: hash.digest('hex') }, requestId);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}
