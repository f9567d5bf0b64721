/** Our local file check (`checkFile` of @together-files/core). */
import { checkFile } from '@together-files/core';

/** Checks `file` for fine-tuning; returns the wall time and whether it passed. */
export async function run({ file }) {
  const started = performance.now();
  const report = await checkFile(file, { purpose: 'fine-tune' });
  return { ms: performance.now() - started, passed: report.is_check_passed, message: report.message };
}
