/**
 * The URL of the validation worker beside the running module: `dist/validate-worker.js` from the ESM build,
 * `.cjs` from the CJS build, and the built `dist/validate-worker.js` when the sources run directly (tests), since a
 * worker thread cannot load TypeScript on Node 20.
 */
export function validationWorkerEntry(moduleUrl: string = import.meta.url): URL {
  if (moduleUrl.endsWith('.cjs')) return new URL('./validate-worker.cjs', moduleUrl);
  if (moduleUrl.endsWith('.ts')) return new URL('../dist/validate-worker.js', moduleUrl);
  return new URL('./validate-worker.js', moduleUrl);
}
