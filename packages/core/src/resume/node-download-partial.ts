import { TogetherError } from '../errors/together-error.js';
import type { DownloadStart } from '../transfer/stream-download.js';
import { acquireLock } from './node-lock-file.js';

/** What identifies the content a partial file holds the start of (`.<name>.partial.json` beside it). */
export interface PartialInfo {
  /** The content URL it came from; another URL's partial is never continued. */
  url: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** The full size. */
  size?: number | undefined;
}

/** A download's partial file beside `output`, held by this process. */
export interface DownloadPartial {
  /** `.<name>.partial` beside the output. */
  readonly path: string;
  /** Bytes already there that may be continued, with the validator for `If-Range`; `undefined` to start at 0. */
  readonly resumeFrom: { offset: number; validator: string } | undefined;
  /** Records what the response says the content is (before its bytes are written), atomically. */
  describe(url: string, start: DownloadStart): Promise<void>;
  /** Drops the partial file and its description (a failure, or the content changed). */
  discard(): Promise<void>;
  /** After the rename into place: drops the description and the lock. */
  finish(): Promise<void>;
  /** Lets the lock go (the partial stays for a later call). */
  release(): Promise<void>;
}

/**
 * Opens the partial download beside `output` (`.<name>.partial`, with `.<name>.partial.json` naming the content by
 * ETag, or size and Last-Modified, and `.<name>.partial.lock` held while this process writes). With `resume`, a
 * partial of the same URL with a validator is continued; otherwise, and on any doubt, it is dropped. Throws when
 * another live process is downloading to the same output.
 */
export async function openDownloadPartial(options: {
  output: string;
  url: string;
  resume: boolean;
}): Promise<DownloadPartial> {
  const [{ readFile, rename, rm, stat, writeFile }, { randomBytes }, { basename, dirname, join }] =
    await Promise.all([import('node:fs/promises'), import('node:crypto'), import('node:path')]);
  const folder = dirname(options.output);
  const path = join(folder, `.${basename(options.output)}.partial`);
  const infoPath = `${path}.json`;
  const lock = await acquireLock(`${path}.lock`);
  if ('held' in lock) {
    throw new TogetherError(
      `Another process${lock.pid ? ` (pid ${lock.pid})` : ''} is downloading to ${options.output} right now.`,
    );
  }
  const discard = async () => {
    await rm(infoPath, { force: true });
    await rm(path, { force: true });
  };
  let resumeFrom: DownloadPartial['resumeFrom'];
  try {
    const info = JSON.parse(await readFile(infoPath, 'utf8')) as PartialInfo;
    const { size } = await stat(path);
    const validator = info.etag && !info.etag.startsWith('W/') ? info.etag : info.lastModified;
    const fits = info.size === undefined || size <= info.size;
    if (options.resume && info.url === options.url && validator && size > 0 && fits) {
      resumeFrom = { offset: size, validator };
    }
  } catch {
    // No partial, or no description of it: nothing to continue.
  }
  if (!resumeFrom) await discard();
  return {
    path,
    resumeFrom,
    async describe(url, start) {
      const info: PartialInfo = {
        url,
        etag: start.etag,
        lastModified: start.lastModified,
        size: start.total,
      };
      const temporary = `${infoPath}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(info));
      await rename(temporary, infoPath);
    },
    discard,
    async finish() {
      await rm(infoPath, { force: true });
      await lock.release();
    },
    release: () => lock.release(),
  };
}
