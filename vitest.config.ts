import { defineConfig } from 'vitest/config';

// One run for the whole repo: unit and end-to-end tests beside the code, type tests (`*.test-d.ts`) checked by tsc.
// Packages import each other through their built `dist`, as users do, so `pnpm test` builds first.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
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
