import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Makes a rename or unlink in `directory` durable (a no-op where directories cannot be opened for sync). */
export async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms refuse fsync on directories; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** A unique temporary name in `tempDir` for `label`. */
export function tempName(tempDir: string, label: string): string {
  return join(tempDir, `${label}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `path` so that a crash leaves either the old file or the new one: a temp name in `tempDir`
 * (same file system), fsync, rename, fsync of the folder.
 */
export async function writeFileAtomic(path: string, data: string, tempDir: string): Promise<void> {
  const temporary = tempName(tempDir, basename(path));
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}
