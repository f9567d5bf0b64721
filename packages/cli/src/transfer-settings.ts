import type { UploadSettings } from '@together-files/client';
import { InvalidArgumentError } from 'commander';
import type { CliIo } from './context.js';
import { UsageError } from './output/errors.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Reads a byte count: a whole number, optionally with a binary unit (`5MiB`, `5M`, `1GiB`). */
export function parseBytes(value: string, what: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UsageError(
      `${what} must be a whole number of bytes, optionally with KiB, MiB or GiB: got ${value}`,
    );
  }
  return Number(match[1]) * unit;
}

/** Commander's parser for a byte-count option. */
export function bytesOption(what: string): (value: string) => string {
  return (value) => {
    try {
      parseBytes(value, what);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return value;
  };
}

/** The transfer flags of `upload`, as commander hands them over. */
export interface TransferFlags {
  multipartThreshold?: string;
  partSize?: string;
  concurrency?: string;
}

/**
 * The client's upload settings from flags, else the environment (`TOGETHER_FILES_MULTIPART_THRESHOLD`,
 * `TOGETHER_FILES_PART_SIZE`, `TOGETHER_FILES_CONCURRENCY`, `TOGETHER_FILES_STATE_DIR`); the client checks ranges.
 */
export function uploadSettings(flags: TransferFlags, env: CliIo['env']): UploadSettings {
  const threshold = flags.multipartThreshold ?? env.TOGETHER_FILES_MULTIPART_THRESHOLD;
  const partSize = flags.partSize ?? env.TOGETHER_FILES_PART_SIZE;
  const concurrency = flags.concurrency ?? env.TOGETHER_FILES_CONCURRENCY;
  const stateDir = env.TOGETHER_FILES_STATE_DIR;
  return {
    ...(threshold && { multipartThreshold: parseBytes(threshold, '--multipart-threshold') }),
    ...(partSize && { partSize: parseBytes(partSize, '--part-size') }),
    ...(concurrency && { concurrency: parseBytes(concurrency, '--concurrency') }),
    ...(stateDir && { stateDir }),
  };
}
