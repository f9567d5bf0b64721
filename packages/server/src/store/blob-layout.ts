import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory, tempName } from './atomic-file.js';

/**
 * How a completed file's bytes sit under `blobs/<id>`: a single upload's one blob is that file; a multipart
 * upload's parts stay as they were PUT, in a folder of that name (`1`, `2`, ... in order), so `complete` moves
 * them instead of copying gigabytes. The metadata lists the part sizes.
 */
export function blobFiles(blobPath: string, parts: readonly number[] | undefined): string[] {
  return parts ? parts.map((_, index) => join(blobPath, String(index + 1))) : [blobPath];
}

/** True when the bytes on disk are what the metadata says: the blob's size, or every part's. */
export async function blobMatches(
  blobPath: string,
  bytes: number,
  parts: readonly number[] | undefined,
): Promise<boolean> {
  try {
    if (parts === undefined) {
      const blob = await stat(blobPath);
      return blob.isFile() && blob.size === bytes;
    }
    if (!Array.isArray(parts) || !parts.every((size) => Number.isSafeInteger(size) && size >= 0))
      return false;
    if (parts.reduce((sum, size) => sum + size, 0) !== bytes) return false;
    const found = await Promise.all(blobFiles(blobPath, parts).map((path) => stat(path)));
    return found.every((part, index) => part.isFile() && part.size === parts[index]);
  } catch {
    return false;
  }
}

/**
 * Moves fsynced temp files to `blobPath` durably: one is renamed as is; several are renamed into a new folder
 * (fsynced) that is then renamed into place, so the blob appears whole or not at all.
 */
export async function placeBlob(
  sources: readonly string[],
  blobPath: string,
  tempDir: string,
): Promise<void> {
  if (sources.length === 1) {
    await rename(sources[0]!, blobPath);
  } else {
    const folder = tempName(tempDir, `${basename(blobPath)}.parts`);
    await mkdir(folder);
    try {
      await Promise.all(sources.map((source, index) => rename(source, join(folder, String(index + 1)))));
      await syncDirectory(folder);
      await rename(folder, blobPath);
    } catch (error) {
      await moveBack(sources, folder);
      throw error;
    }
  }
  await syncDirectory(dirname(blobPath));
}

/** Moves the parts in `folder` back to their temp paths, then removes the folder (empty by then). */
async function moveBack(sources: readonly string[], folder: string): Promise<void> {
  await Promise.all(
    sources.map((source, index) => rename(join(folder, String(index + 1)), source).catch(() => {})),
  );
  await rm(folder, { recursive: true, force: true });
}

/**
 * Undoes {@link placeBlob} after a failure: the bytes go back to their temp paths (so the upload can be completed
 * again) instead of being lost. What is not at `blobPath` (the failure came before) is left where it is.
 */
export async function returnBlob(sources: readonly string[], blobPath: string): Promise<void> {
  if (sources.length === 1) await rename(blobPath, sources[0]!).catch(() => {});
  else await moveBack(sources, blobPath);
}
