import { expect, test, vi } from 'vitest';
import { createProgressReporter } from './progress.js';

test('monotonic, at least every 1 % (here smaller than 8 MiB), and at the end', () => {
  const listener = vi.fn();
  const reporter = createProgressReporter({ total: 1000, listener });
  for (let loaded = 1; loaded <= 1000; loaded++) reporter.update(loaded);
  reporter.update(500);
  const loadedValues = listener.mock.calls.map(([progress]) => progress.loaded);
  expect(loadedValues[0]).toBe(0);
  expect(loadedValues.at(-1)).toBe(1000);
  expect(loadedValues).toEqual([...loadedValues].sort((a, b) => a - b));
  for (let index = 1; index < loadedValues.length; index++)
    expect(loadedValues[index]! - loadedValues[index - 1]!).toBeLessThanOrEqual(10);
});

test('large totals report every 8 MiB; a throwing listener is reported, not fatal', () => {
  const total = 10 * 1024 ** 3;
  const onListenerError = vi.fn();
  const seen: number[] = [];
  const reporter = createProgressReporter({
    total,
    listener: ({ loaded }) => {
      seen.push(loaded);
      if (loaded > 0) throw new Error('bar broke');
    },
    onListenerError,
  });
  for (let loaded = 1024 * 1024; loaded <= 64 * 1024 * 1024; loaded += 1024 * 1024) reporter.update(loaded);
  expect(seen).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64].map((mib) => mib * 1024 * 1024));
  expect(onListenerError).toHaveBeenCalledTimes(8);
});
