/**
 * The URL of the built worker entry `name` beside the module at `moduleUrl` (the caller's `import.meta.url`):
 * `<name>.js` from an ESM build, `<name>.cjs` from a CJS build (tsup's `shims` give CJS an `import.meta.url`). When
 * the TypeScript sources run (tests), a worker thread cannot load them on Node 20: `fromSources` then says where the
 * built entry is relative to the source (`'../dist/'`), and without it there is none (`undefined`). For the packages
 * of this SDK (sync, server, check), which start worker threads.
 */
export function builtWorkerEntry(moduleUrl: string, name: string, fromSources: string): URL;
export function builtWorkerEntry(moduleUrl: string, name: string): URL | undefined;
export function builtWorkerEntry(moduleUrl: string, name: string, fromSources?: string): URL | undefined {
  // The name goes through a template so that bundlers do not take the URL for an asset to bundle.
  if (moduleUrl.endsWith('.cjs')) return new URL(`./${name}.cjs`, moduleUrl);
  if (moduleUrl.endsWith('.ts'))
    return fromSources === undefined ? undefined : new URL(`${fromSources}${name}.js`, moduleUrl);
  return new URL(`./${name}.js`, moduleUrl);
}
