/** Our local file check (`checkFile` of @together-files/core). */
import { checkFile } from '@together-files/core';

/** Checks `file` for fine-tuning; returns the wall and CPU time (every thread of the process) and the verdict. */
export async function run({ file }) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await checkFile(file, { purpose: 'fine-tune' });
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    passed: report.is_check_passed,
    message: report.message,
  };
}
