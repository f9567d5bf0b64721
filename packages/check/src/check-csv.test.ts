import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { type FixtureDir, fixtureDir } from './test-fixtures.js';

let dir: FixtureDir;
beforeAll(async () => {
  dir = await fixtureDir();
});
afterAll(() => dir.remove());

const encoder = new TextEncoder();
const check = (text: string | Uint8Array) =>
  checkFile(typeof text === 'string' ? encoder.encode(text) : text, { purpose: 'eval', fileType: 'csv' });

describe('CSV (eval)', () => {
  test('quoted commas, doubled quotes and newlines inside quotes are one field', async () => {
    const text = [
      'question,answer,notes',
      '"Paris, France",yes,plain',
      '"She said ""hi""",no,"two',
      'lines, with a comma"',
      'last,row,"ends ""quoted"""',
    ].join('\r\n');
    const path = await dir.write('eval.csv', `${text}\r\n`);
    const report = await checkFile(path, { purpose: 'eval' });
    expect(report).toMatchObject({
      is_check_passed: true,
      filetype: 'csv',
      utf8: true,
      load_csv: true,
      has_min_samples: true,
      num_samples: 3,
    });
  });

  test('a row with the wrong column count fails on its line, after a multi-line row', async () => {
    const text = 'a,b\n1,"x\ny"\n2,3\n4,5,6\n7,8\n';
    const report = await check(text);
    expect(report).toMatchObject({
      is_check_passed: false,
      failed_check: 'load_csv',
      load_csv: false,
      line_number: 5,
    });
    expect(report.message).toBe('Line 5: row 3 has 3 columns but the header has 2');
  });

  test("a blank line in the middle is no row, as Python's csv reads it (together-py v2 passes it)", async () => {
    const report = await check('a,b\n1,2\n\n3,4\n');
    expect(report).toMatchObject({ is_check_passed: true, num_samples: 2 });
  });

  test('no final newline is fine; the last row still counts', async () => {
    expect(await check('a,b\n1,2\n3,4')).toMatchObject({ is_check_passed: true, num_samples: 2 });
    expect(await check('a,b\n1,2\n3')).toMatchObject({ failed_check: 'load_csv', line_number: 3 });
  });

  test('a header alone has no samples', async () => {
    const report = await check('a,b\n');
    expect(report).toMatchObject({ failed_check: 'has_min_samples', has_min_samples: false });
  });

  test('an empty header row fails', async () => {
    expect(await check('\n1,2\n')).toMatchObject({ failed_check: 'load_csv', line_number: 1 });
  });

  test('a quote left open fails on the row where it opened', async () => {
    const report = await check('a,b\n1,2\n3,"open\n4,5\n');
    expect(report).toMatchObject({ failed_check: 'load_csv', line_number: 3 });
    expect(report.message).toContain('never closed');
  });

  test("text after a closing quote stays in the field, as Python's csv (not strict) reads it", async () => {
    expect(await check('a,b\n"1"x,2\n')).toMatchObject({ is_check_passed: true, num_samples: 1 });
    expect(await check('a,b\n"1"x,2,3\n')).toMatchObject({ failed_check: 'load_csv', line_number: 2 });
  });

  test('a byte order mark before the header is accepted', async () => {
    expect(await check('\uFEFFa,b\n1,2\n')).toMatchObject({ is_check_passed: true, num_samples: 1 });
  });

  test('an invalid UTF-8 byte fails on its line', async () => {
    const bytes = Uint8Array.from([...encoder.encode('a,b\n1,2\n"x\ny'), 0xfe, ...encoder.encode('",3\n')]);
    const report = await check(bytes);
    expect(report).toMatchObject({ failed_check: 'utf8', utf8: false, line_number: 4 });
  });

  test('rows that span chunk boundaries are read whole', async () => {
    // Over 4 MiB, so the multi-line quoted field crosses a chunk boundary somewhere.
    const row = `"${'long, text\n'.repeat(40)}",2\n`;
    const text = `a,b\n${row.repeat(12_000)}`;
    const report = await check(text);
    expect(report).toMatchObject({ is_check_passed: true, num_samples: 12_000 });
  });
});
