/**
 * Our check with the upload's sha256 fed from the same read, as an upload with the defaults does before its POST
 * (core's `files/check-and-hash.ts`: `checkFile` with `onBytes` into a `node:crypto` hash).
 */
import { createHash } from 'node:crypto';
import { checkFile } from '@together-files/core';

/** Checks `file` for fine-tuning and hashes it in the same pass; returns the wall and CPU time and the digest. */
export async function run({ file }) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let hash = createHash('sha256');
  const report = await checkFile(file, {
    purpose: 'fine-tune',
    onBytes: (chunk) => hash.update(chunk),
    onBytesRestart: () => {
      hash = createHash('sha256');
    },
  });
  const sha256 = hash.digest('hex');
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    passed: report.is_check_passed,
    message: report.message,
    sha256,
  };
}
