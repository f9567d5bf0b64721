import { builtWorkerEntry } from '@together-files/check/shared';

/** The URL of the validation worker (`dist/validate-worker.js` or `.cjs`; the built one when the sources run). */
export function validationWorkerEntry(moduleUrl: string = import.meta.url): URL {
  return builtWorkerEntry(moduleUrl, 'validate-worker', '../dist/');
}
