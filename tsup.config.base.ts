import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/** What a package passes: tsup options for its library entries, and its executables apart. */
export interface PackageBuildOptions extends Options {
  /**
   * Executable entries (e.g. `['src/bin.ts']`): ESM only, no declarations, starting with `#!/usr/bin/env node`
   * (added unless the source has its own).
   */
  bin?: string[];
}

/**
 * The one build every package shares: ESM and CJS with declarations for each, for Node 20+ and browsers.
 * Packages pass their entries and, for commands, `bin` entries; only those get the shebang, in a second config.
 */
export function packageBuild({ bin = [], ...overrides }: PackageBuildOptions = {}) {
  return defineConfig((cli) => buildConfigs({ bin, overrides, keepDeclarations: cli.dts === false }));
}

// `tsup --no-dts` (the demo's quick `build:js`) must not wipe declarations an earlier full build wrote: tests and
// editors keep resolving the packages' types.
function buildConfigs(options: { bin: string[]; overrides: Options; keepDeclarations: boolean }): Options[] {
  const { bin, overrides, keepDeclarations } = options;
  const shared: Options = { sourcemap: true, target: 'node20', splitting: false };
  // tsup runs the configs at the same time: the library's clean must spare the executables' output.
  const kept = bin.flatMap((entry) => {
    const name = basename(entry, extname(entry));
    return [`!${name}.js`, `!${name}.js.map`];
  });
  if (keepDeclarations) kept.push('!**/*.d.ts', '!**/*.d.cts');
  const library: Options = {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: kept.length > 0 ? kept : true,
    ...shared,
    ...overrides,
  };
  if (bin.length === 0) return [library];
  // One config per executable: esbuild keeps a source's own `#!` line, and a banner on top of it would be a second.
  const executables = bin.map(
    (entry): Options => ({
      entry: [entry],
      format: ['esm'],
      dts: false,
      clean: false,
      ...shared,
      ...(!readFileSync(entry, 'utf8').startsWith('#!') && { banner: { js: '#!/usr/bin/env node' } }),
    }),
  );
  return [library, ...executables];
}
