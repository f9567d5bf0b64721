// The quiet runner of `pnpm check` (issue 16): one line per passing step, the whole log of a failing one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runSteps } from './steps.mjs';

const dir = mkdtempSync(join(tmpdir(), 'check-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noisy = (lines: number, code: number) => ({
  command: process.execPath,
  args: [
    '-e',
    `for (let i = 0; i < ${lines}; i++) (i % 2 ? console.error : console.log)('line ' + i); process.exit(${code})`,
  ],
});

test('a passing step prints one line; a failing one prints its whole log, stdout and stderr interleaved', () => {
  const printed: string[] = [];
  const failed: string[] = runSteps(
    [
      { name: 'loud but fine', ...noisy(500, 0) },
      { name: 'broken', ...noisy(6, 3) },
      { name: 'after', ...noisy(10, 0) },
    ],
    { cwd: dir, logDir: join(dir, 'logs'), print: (line: string) => printed.push(...line.split('\n')) },
  );
  expect(failed).toEqual(['broken']);
  expect(printed[0]).toMatch(/^ok {5}loud but fine \(\d+\.\d s\)$/);
  expect(printed[1]).toMatch(/^FAILED broken \(\d+\.\d s\)$/);
  expect(printed.slice(3, 9)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  expect(printed.at(-1)).toMatch(/^ok {5}after /);
  expect(printed).toHaveLength(1 + 1 + 1 + 6 + 1 + 1);
});

test('a failed step that stops the run ends it', () => {
  const printed: string[] = [];
  const failed: string[] = runSteps(
    [
      { name: 'build', stopOnFailure: true, ...noisy(1, 1) },
      { name: 'never', ...noisy(1, 0) },
    ],
    { cwd: dir, logDir: join(dir, 'logs2'), print: (line: string) => printed.push(line) },
  );
  expect(failed).toEqual(['build']);
  expect(printed.join('\n')).not.toContain('never');
});
