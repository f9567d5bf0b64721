/**
 * Our local file check (`checkFile` of @together-files/core). With `hash`, the upload's sha256 is fed from the same
 * read, as an upload with the defaults does before its POST (core's `operations/check-and-hash.ts`: `checkFile` with
 * `onBytes` into a `node:crypto` hash).
 */
import { createHash } from 'node:crypto';
import { checkFile } from '@together-files/core';

/**
 * Checks `file` for fine-tuning (and hashes it in the same pass when `hash`); returns the wall and CPU time (every
 * thread of the process), the verdict, and the digest when hashed.
 */
export async function run({ file, hash: withHash = false }) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let hash = withHash ? createHash('sha256') : undefined;
  const report = await checkFile(file, {
    purpose: 'fine-tune',
    ...(withHash && {
      onBytes: (chunk) => hash.update(chunk),
      onBytesRestart: () => {
        hash = createHash('sha256');
      },
    }),
  });
  const sha256 = hash?.digest('hex');
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    passed: report.is_check_passed,
    message: report.message,
    ...(sha256 !== undefined && { sha256 }),
  };
}
