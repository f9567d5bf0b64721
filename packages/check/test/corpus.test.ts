import { describe, expect, test } from 'vitest';
import { checkFile } from '../src/check-file.js';
import { corpus } from './corpus.js';

describe('the corpus: each case at its level', () => {
  test.each(corpus.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const bytes = typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : entry.content;
    const report = await checkFile(bytes, { purpose: entry.purpose, filename: entry.file });
    const { expected } = entry;
    if (expected.level === 'error') {
      expect(report.is_check_passed, report.message).toBe(false);
      expect(report.failed_check).toBe(expected.rule);
      if (expected.line !== undefined) expect(report.line_number).toBe(expected.line);
      return;
    }
    expect(report.is_check_passed, report.message).toBe(true);
    if (expected.level === 'pass') {
      expect(report.warnings).toEqual([]);
      expect(report.warning_count).toBe(0);
      return;
    }
    expect(report.warning_count).toBe(1);
    expect(report.warnings[0]).toMatchObject({ rule: expected.rule, line: expected.line });
    expect(report.warnings[0]!.message).toMatch(new RegExp(`^Line ${expected.line}: `));
  });
});
