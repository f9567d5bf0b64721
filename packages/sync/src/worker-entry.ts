import { builtWorkerEntry } from '@together-files/check/shared';

/** The URL of `TogetherSync`'s worker entry (`dist/worker.js` or `.cjs`; the built one when the sources run). */
export function workerEntry(moduleUrl: string = import.meta.url): URL {
  return builtWorkerEntry(moduleUrl, 'worker', '../dist/');
}
