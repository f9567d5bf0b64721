/** Cold import: the time a fresh process takes to `import()` a package's entry. */

/** Imports `specifier` once; returns the wall time. */
export async function run({ specifier }) {
  const started = performance.now();
  await import(specifier);
  return { ms: performance.now() - started };
}
