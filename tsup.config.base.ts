import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM and CJS with declarations for each, for Node 20+ and browsers.
 * Packages pass their entries (and, for binaries, a banner) and nothing else.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: false,
    ...overrides,
  });
}
