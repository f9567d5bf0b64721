#!/usr/bin/env node
// Every check and test of the repo, in the order CI runs them. Each step runs even when an earlier one failed
// (except after a failed build), so one run shows everything that is wrong. The last line is the plain summary
// `N passed, N failed`: the tests vitest counted, plus one failure for each other step that failed.
// A passing step prints one line, a failing one its whole log (see steps.mjs); the logs stay in .test-results/.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSteps } from './steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = join(root, '.test-results', 'vitest.json');

/** @type {Array<{ name: string, command?: string, args: string[], stopOnFailure?: boolean }>} */
const steps = [
  {
    name: 'openapi/files.yaml is the upstream extract plus the overlay (pnpm spec:update)',
    args: ['run', 'spec:check'],
  },
  { name: 'generated types match openapi/files.yaml', args: ['run', 'generate:check'] },
  { name: 'spec lint (redocly)', args: ['run', 'lint:spec'] },
  { name: 'build', args: ['run', 'build'], stopOnFailure: true },
  { name: 'typecheck', args: ['run', 'typecheck'] },
  { name: 'lint and format (biome)', args: ['exec', 'biome', 'check', '.'] },
  { name: 'imports point down the layers (dependency-cruiser)', args: ['run', 'check:layers'] },
  {
    name: 'tests (vitest)',
    args: [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${resultsFile}`,
    ],
  },
  { name: 'published packages (publint, attw)', args: ['run', 'test:packages'] },
  { name: 'changesets', args: ['exec', 'changeset', 'status'] },
  {
    name: 'runtime matrix (packed tarballs on Node 20, 22, 24, Bun, Deno, workerd, Chromium, Firefox)',
    args: ['run', 'test:matrix'],
  },
  { name: 'bundle budgets (size-limit)', args: ['run', 'test:size'] },
];
// The README's first command on a fresh clone of the committed HEAD (install, build, demo). CI runs it; locally it
// would test the last commit rather than the working tree, so it runs only when asked (CI=true or --fresh-clone).
if (process.env.CI || process.argv.includes('--fresh-clone')) {
  steps.push({
    name: 'README demo command on a fresh clone',
    command: 'node',
    args: ['scripts/fresh-clone.mjs'],
  });
} else {
  console.log('(the fresh-clone demo step runs in CI, or with `pnpm check --fresh-clone`)');
}

rmSync(resultsFile, { force: true });
const failedSteps = runSteps(steps, { cwd: root, logDir: dirname(resultsFile) });

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
}
const otherFailures = failedSteps.filter((name) => name !== 'tests (vitest)').length;
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed + otherFailures} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
