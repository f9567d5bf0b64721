import type { MultipartInitiateResponse } from '@together-files/types';
import { acquireLock } from '../resume/node-lock-file.js';
import { resolveStateDir } from '../resume/node-state-dir.js';
import type { PlannedPart } from './plan.js';

/** What identifies the bytes being uploaded: a changed value means a changed source. */
export interface SourceIdentity {
  /** Absolute path. */
  path: string;
  size: number;
  /** Modification time in ms (sub-ms precision where the file system keeps it). */
  mtimeMs: number;
  /** The sha256 of the bytes, once known. */
  checksum?: string | undefined;
}

/** One multipart upload in progress, as kept on disk between processes. */
export interface UploadJournalState {
  version: 1;
  /** The API it went to; a journal is only resumed against the same one. */
  baseURL: string;
  uploadId: string;
  fileId: string;
  purpose: string;
  filename: string;
  fileType: string;
  source: SourceIdentity;
  /** The plan the upload was initiated with (a different part size starts anew). */
  parts: PlannedPart[];
  /** The part URLs and headers `initiate` gave. */
  urls: MultipartInitiateResponse['parts'];
  /** When the first of those URLs expires (ms since the epoch), when the URLs say. */
  urlsExpireAt?: number | undefined;
  /** ETags of the parts the storage confirmed, by part number. */
  confirmed: Record<string, string>;
}

/** What names a journal: the same path, purpose and filename against the same API resume each other. */
export interface JournalKey {
  baseURL: string;
  path: string;
  purpose: string;
  filename: string;
}

/** An open journal: this process holds its lock until {@link UploadJournal.release}. */
export interface UploadJournal {
  /** What an earlier process left, or `undefined`. */
  readonly saved: UploadJournalState | undefined;
  /** Writes a new upload's journal (atomically), replacing any earlier one. */
  start(state: UploadJournalState): Promise<void>;
  /** Records a confirmed part: the journal file is rewritten atomically before this resolves. */
  confirm(partNumber: number, etag: string): Promise<void>;
  /** Deletes the journal (after complete or abort): nothing in the state folder names the upload any more. */
  remove(): Promise<void>;
  /** Lets the lock go. */
  release(): Promise<void>;
}

/** Another process is uploading the same file right now. */
export interface JournalBusy {
  busy: true;
  pid: number;
}

/**
 * Opens the journal of `key` in the state folder (`<stateDir>/uploads/<hash>.json`), taking its lock file
 * (`<hash>.lock`) first. Writes go to a temp file that is renamed over the journal, so a crash leaves the old
 * journal or the new one, never half of one; writes of one journal are queued so an older one never wins.
 */
export async function openUploadJournal(
  key: JournalKey,
  stateDirOption: string | undefined,
): Promise<UploadJournal | JournalBusy> {
  const [{ mkdir, readFile, rename, unlink, writeFile }, { createHash, randomBytes }, { join }] =
    await Promise.all([import('node:fs/promises'), import('node:crypto'), import('node:path')]);
  const folder = join(await resolveStateDir(stateDirOption), 'uploads');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const name = createHash('sha256')
    .update(JSON.stringify([key.baseURL, key.path, key.purpose, key.filename]))
    .digest('hex')
    .slice(0, 32);
  const path = join(folder, `${name}.json`);
  const lock = await acquireLock(join(folder, `${name}.lock`));
  if ('held' in lock) return { busy: true, pid: lock.pid };
  let saved: UploadJournalState | undefined;
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as UploadJournalState;
    if (parsed?.version === 1 && typeof parsed.uploadId === 'string') saved = parsed;
  } catch {
    // No journal, or one that cannot be read: nothing to resume.
  }
  let state: UploadJournalState | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const write = () => {
    const snapshot = JSON.stringify(state);
    const next = queue.then(async () => {
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, snapshot, { mode: 0o600 });
      try {
        await rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
    });
    queue = next.catch(() => {});
    return next;
  };
  return {
    saved,
    start(fresh) {
      state = fresh;
      return write();
    },
    confirm(partNumber, etag) {
      if (!state) return Promise.resolve();
      state.confirmed[String(partNumber)] = etag;
      return write();
    },
    async remove() {
      state = undefined;
      await queue;
      await unlink(path).catch(() => {});
    },
    release: () => lock.release(),
  };
}

/** Reads the identity of a path now (absolute path, size, mtime). */
export async function identify(path: string): Promise<SourceIdentity> {
  const [{ stat }, { resolve }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  const absolute = resolve(path);
  const stats = await stat(absolute);
  return { path: absolute, size: stats.size, mtimeMs: stats.mtimeMs };
}

/** Why a saved journal cannot be resumed by this upload, or `undefined` when it can. */
export function staleReason(
  saved: UploadJournalState,
  now: { source: SourceIdentity; parts: PlannedPart[]; fileType: string; time: number },
): string | undefined {
  const { source } = now;
  if (saved.source.size !== source.size || saved.source.mtimeMs !== source.mtimeMs) return 'the file changed';
  if (saved.source.checksum && source.checksum && saved.source.checksum !== source.checksum) {
    return 'the file changed';
  }
  if (saved.fileType !== now.fileType || JSON.stringify(saved.parts) !== JSON.stringify(now.parts)) {
    return 'the part size changed';
  }
  const allConfirmed = saved.parts.every((part) => saved.confirmed[String(part.partNumber)] !== undefined);
  // A minute of margin: a URL that expires while its part is in flight fails that part.
  if (!allConfirmed && saved.urlsExpireAt !== undefined && saved.urlsExpireAt - 60_000 <= now.time) {
    return 'its part URLs expired';
  }
  return undefined;
}
