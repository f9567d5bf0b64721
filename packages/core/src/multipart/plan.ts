import { MAX_FILE_SIZE } from '@together-files/check/shared';
import { TogetherError } from '../errors/together-error.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Files larger than this (5 GiB) go multipart; a file of exactly 5 GiB is one part. */
export const MULTIPART_THRESHOLD = 5 * GiB;
// The size limit lives with the check, which the server uses too; the planner refuses the same sizes.
export { MAX_FILE_SIZE };
/** The part size multipart uploads aim for: 250 MiB. */
export const TARGET_PART_SIZE = 250 * MiB;
/** At most this many parts. */
export const MAX_PARTS = 250;
/** Storage's smallest part (all but the last): 5 MiB. */
export const MIN_PART_SIZE = 5 * MiB;
/** Parts in flight at once by default. */
export const DEFAULT_CONCURRENCY = 4;

/** The upload settings users (and tests) may change. */
export interface UploadSettings {
  /** Files larger than this many bytes go multipart (default and maximum 5 GiB). */
  multipartThreshold?: number | undefined;
  /** The part size to aim for, in bytes (default 250 MiB, at least 5 MiB). */
  partSize?: number | undefined;
  /** Parts in flight at once (default 4). */
  concurrency?: number | undefined;
  /**
   * The folder of upload journals (what lets a crashed multipart upload resume): default
   * `TOGETHER_FILES_STATE_DIR`, else a per-user cache folder (`~/.cache/together-files` on Linux).
   */
  stateDir?: string | undefined;
}

/** {@link UploadSettings} checked, with defaults filled in (the state folder is found when first needed). */
export type ResolvedUploadSettings = Required<Omit<UploadSettings, 'stateDir'>> & {
  stateDir: string | undefined;
};

/** One part of a multipart upload: its 1-based number and byte range (`end` exclusive). */
export interface PlannedPart {
  partNumber: number;
  start: number;
  end: number;
}

/** How a file of a given size is uploaded. */
export type UploadPlan =
  | { kind: 'single'; size: number }
  | { kind: 'multipart'; size: number; partSize: number; parts: PlannedPart[]; concurrency: number };

/** Checks upload settings and fills in defaults; a bad value is a {@link TogetherError} naming it. */
export function resolveUploadSettings(settings: UploadSettings = {}): ResolvedUploadSettings {
  const multipartThreshold = settings.multipartThreshold ?? MULTIPART_THRESHOLD;
  const partSize = settings.partSize ?? TARGET_PART_SIZE;
  const concurrency = settings.concurrency ?? DEFAULT_CONCURRENCY;
  if (
    !Number.isInteger(multipartThreshold) ||
    multipartThreshold < 1 ||
    multipartThreshold > MULTIPART_THRESHOLD
  ) {
    throw new TogetherError(
      `upload.multipartThreshold must be a whole number of bytes from 1 to ${MULTIPART_THRESHOLD} (5 GiB).`,
    );
  }
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MULTIPART_THRESHOLD) {
    throw new TogetherError(
      `upload.partSize must be a whole number of bytes from ${MIN_PART_SIZE} (5 MiB) to 5 GiB.`,
    );
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new TogetherError('upload.concurrency must be a whole number from 1 to 64.');
  }
  if (settings.stateDir !== undefined && (typeof settings.stateDir !== 'string' || !settings.stateDir)) {
    throw new TogetherError('upload.stateDir must be a non-empty path.');
  }
  return { multipartThreshold, partSize, concurrency, stateDir: settings.stateDir };
}

/**
 * Plans the upload of `size` bytes: one part up to the threshold; else `min(250, ceil(size / partSize))` parts of
 * `ceil(size / parts)` bytes (never under 5 MiB), the last one smaller. Throws beyond 50.1 GiB.
 */
export function planUpload(size: number, settings: UploadSettings = {}): UploadPlan {
  const { multipartThreshold, partSize: target, concurrency } = resolveUploadSettings(settings);
  if (!Number.isInteger(size) || size < 1)
    throw new TogetherError(`Cannot upload ${size} bytes: the file is empty.`);
  if (size > MAX_FILE_SIZE) {
    throw new TogetherError(
      `The file is ${size} bytes; the largest upload is ${MAX_FILE_SIZE} bytes (50.1 GiB).`,
    );
  }
  if (size <= multipartThreshold) return { kind: 'single', size };
  const wanted = Math.min(MAX_PARTS, Math.ceil(size / target));
  // Evening out can push parts under storage's 5 MiB minimum when the target is small (tests): then take 5 MiB.
  const partSize = Math.max(MIN_PART_SIZE, Math.ceil(size / wanted));
  // Equals `wanted` for the default target; differs only when the 5 MiB floor applied.
  const count = Math.ceil(size / partSize);
  const parts: PlannedPart[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * partSize;
    parts.push({ partNumber: index + 1, start, end: Math.min(size, start + partSize) });
  }
  return { kind: 'multipart', size, partSize, parts, concurrency };
}
