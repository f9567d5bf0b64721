import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

// Tests import sibling packages from their sources, so a change in core is seen by the client's tests without a
// rebuild. What must run as built output (the sync client's worker, the CLI binary) loads `dist`, so `pnpm test`
// builds first; the runtime matrix of `tests/` checks the packed tarballs themselves.
// Subpaths come first: an alias also matches what starts with its name and a slash.
const alias = {
  '@together-files/core/internal': `${packagesDir}core/src/internal.ts`,
  '@together-files/check/shared': `${packagesDir}check/src/shared.ts`,
  ...Object.fromEntries(
    readdirSync(packagesDir).map((name) => [`@together-files/${name}`, `${packagesDir}${name}/src/index.ts`]),
  ),
};

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'tests/**/*.test.ts',
      'examples/test/**/*.test.ts',
      'openapi/test/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
