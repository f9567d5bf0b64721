import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkFile } from '../src/check-file.js';
import { corpus } from './corpus.js';
import { knownDisagreements } from './differential-reasons.js';

// Through `require`, as the bench loads it: its ESM build reaches Node's built-ins in a way that fails under a module
// runner ("resolve is not a function", together-ai 0.52.0).
const { checkFile: officialCheckFile } = createRequire(import.meta.url)('together-ai/lib/check-file') as {
  checkFile(file: string, purpose: string): Promise<{ is_check_passed: boolean; message: string }>;
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'together-files-differential-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

type Verdict = 'pass' | 'warn' | 'error';

/**
 * together-ai's `checkFile` (the official TypeScript SDK) on our corpus, beside ours. It has one level (a failure
 * blocks): it agrees with us where it passes what we pass clean, and fails what we fail or warn about. Every
 * disagreement must be one we know and explain (`differential-reasons.ts`, the table in the README).
 */
test('together-ai checkFile on the corpus: every disagreement is known and explained', async () => {
  const disagreements: Record<string, { official: string; ours: Verdict }> = {};
  for (const [index, entry] of corpus.entries()) {
    const path = join(folder, `${index}-${entry.file}`);
    await writeFile(path, entry.content);
    const ours = await checkFile(path, { purpose: entry.purpose });
    const oursVerdict: Verdict = !ours.is_check_passed ? 'error' : ours.warning_count > 0 ? 'warn' : 'pass';
    let officialPassed: boolean;
    let officialMessage: string;
    try {
      const report = await officialCheckFile(path, entry.purpose);
      officialPassed = report.is_check_passed;
      officialMessage = report.message;
    } catch (error) {
      officialPassed = false;
      officialMessage = `threw: ${(error as Error).message}`;
    }
    const agree = officialPassed ? oursVerdict === 'pass' : oursVerdict !== 'pass';
    if (!agree)
      disagreements[entry.name] = {
        official: officialPassed ? 'pass' : `fail (${officialMessage.slice(0, 80)})`,
        ours: oursVerdict,
      };
  }
  expect(Object.keys(disagreements).sort(), JSON.stringify(disagreements, null, 1)).toEqual(
    Object.keys(knownDisagreements).sort(),
  );
  for (const [name, { ours }] of Object.entries(disagreements))
    expect(ours).toBe(knownDisagreements[name]!.ours);
});
