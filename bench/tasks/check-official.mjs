/**
 * The official check: `checkFile` of the together-ai package. Loaded through `require`: its ESM build reaches Node's
 * modules with a bare `require` inside a try/catch, so under `import` every helper is undefined and it throws
 * "resolve is not a function" (together-ai 0.52.0).
 */
import { createRequire } from 'node:module';

const { checkFile } = createRequire(import.meta.url)('together-ai/lib/check-file');

/** Checks `file` for fine-tuning; returns the wall time and whether it passed. */
export async function run({ file }) {
  const started = performance.now();
  const report = await checkFile(file, 'fine-tune');
  return { ms: performance.now() - started, passed: report.is_check_passed, message: report.message };
}
