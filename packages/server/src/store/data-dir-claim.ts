import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file that marks a folder as a together-files store; the server starts only on folders that have it. */
export const STORE_MARKER = '.together-files-store';

/** The folders of a store (file-store.ts, multipart-sessions.ts) and its one file (signing-key.ts). */
const STORE_FOLDERS = ['tmp', 'files', 'blobs', 'uploads'] as const;
const STORE_FILES = ['signing-key'];

/** Names the server gives: ids are `file-<uuid>`, temp names `<label>.<12 hex>.tmp` (atomic-file.ts). */
const FILE_ID = 'file-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OURS: Record<(typeof STORE_FOLDERS)[number], RegExp> = {
  tmp: new RegExp(`^${FILE_ID}[A-Za-z0-9._-]*\\.[0-9a-f]{12}\\.tmp$`),
  files: new RegExp(`^${FILE_ID}\\.json$`),
  blobs: new RegExp(`^${FILE_ID}$`),
  uploads: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

/** A temp name the store made (`<label>.<12 hex>.tmp`); only those are removed from `tmp/`. */
export const TEMP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.[0-9a-f]{12}\.tmp$/;

/** The store folders found beside the marker-less ones of an older server, if only they are there. */
async function isUnmarkedStore(dataDir: string, names: string[]): Promise<boolean> {
  for (const name of names) {
    if (STORE_FILES.includes(name) && (await stat(join(dataDir, name))).isFile()) continue;
    if (!(STORE_FOLDERS as readonly string[]).includes(name)) return false;
    const folder = join(dataDir, name);
    if (!(await stat(folder)).isDirectory()) return false;
    const pattern = OURS[name as (typeof STORE_FOLDERS)[number]];
    if (!(await readdir(folder)).every((entry) => pattern.test(entry))) return false;
  }
  return true;
}

/**
 * Makes sure `dataDir` is a store of ours before anything in it is touched: a folder with the marker, an empty
 * (or new) folder, or the store of an older server (only its folders and `signing-key`, holding only names it gives)
 * gets the marker; anything else is refused with an error naming what is there, so `--data ~` or a project folder
 * never loses a file.
 */
export async function claimDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!(await stat(dataDir)).isDirectory()) throw new Error(`The data folder ${dataDir} is not a folder`);
  const names = await readdir(dataDir);
  if (names.includes(STORE_MARKER)) return;
  if (names.length > 0 && !(await isUnmarkedStore(dataDir, names))) {
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
    throw new Error(
      `The data folder ${dataDir} holds other things (${shown}) and is not a together-files store (it has no ` +
        `${STORE_MARKER}). Give an empty or new folder: the server never stores into, or cleans, a folder it did not make.`,
    );
  }
  await writeFile(
    join(dataDir, STORE_MARKER),
    `${JSON.stringify({ store: 'together-files', version: 1 })}\n`,
    { flag: 'wx' },
  ).catch((error: NodeJS.ErrnoException) => {
    // Two servers claiming one new folder at once: the other wrote it, which is as good.
    if (error.code !== 'EEXIST') throw error;
  });
}
