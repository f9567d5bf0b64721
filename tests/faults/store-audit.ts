/**
 * Compares the local server's data folder with what its API lists. The server keeps `files/<id>.json` (metadata),
 * `blobs/<id>` (bytes) and `tmp/` (uploads in progress) — see packages/server/src/store/file-store.ts.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What is on disk beside what is listed; every list but `tempFiles` must be empty for a consistent store. */
export interface StoreAudit {
  /** Blobs with no listed file. */
  orphanBlobs: string[];
  /** Metadata files of no listed file. */
  unlistedMetadata: string[];
  /** Listed files with no blob. */
  listedWithoutBlob: string[];
  /** Listed files with no metadata file. */
  listedWithoutMetadata: string[];
  /** Files in `tmp/`: bytes of uploads still in progress (a PUT done but never preprocessed, parts never completed). */
  tempFiles: string[];
}

async function names(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

/** Audits `dataDir` against the ids the API lists. */
export async function auditStore(dataDir: string, listedIds: readonly string[]): Promise<StoreAudit> {
  const listed = new Set(listedIds);
  const blobs = await names(join(dataDir, 'blobs'));
  const metadata = (await names(join(dataDir, 'files'))).map((name) => name.replace(/\.json$/, ''));
  const blobSet = new Set(blobs);
  const metadataSet = new Set(metadata);
  return {
    orphanBlobs: blobs.filter((id) => !listed.has(id)),
    unlistedMetadata: metadata.filter((id) => !listed.has(id)),
    listedWithoutBlob: listedIds.filter((id) => !blobSet.has(id)),
    listedWithoutMetadata: listedIds.filter((id) => !metadataSet.has(id)),
    tempFiles: await names(join(dataDir, 'tmp')),
  };
}
