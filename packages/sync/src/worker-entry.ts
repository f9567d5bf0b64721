/**
 * The URL of the worker entry beside the running module: `dist/worker.js` from the ESM build, `dist/worker.cjs`
 * from the CJS build (tsup's `shims` give CJS an `import.meta.url`), and the built `dist/worker.js` when the
 * sources run directly (tests), since a worker thread cannot load TypeScript on Node 20.
 */
export function workerEntry(moduleUrl: string = import.meta.url): URL {
  if (moduleUrl.endsWith('.cjs')) return new URL('./worker.cjs', moduleUrl);
  if (moduleUrl.endsWith('.ts')) return new URL('../dist/worker.js', moduleUrl);
  return new URL('./worker.js', moduleUrl);
}
