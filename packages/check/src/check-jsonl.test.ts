import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { chat, type FixtureDir, fixtureDir, jsonl } from './test-fixtures.js';

let dir: FixtureDir;
beforeAll(async () => {
  dir = await fixtureDir();
});
afterAll(() => dir.remove());

const encoder = new TextEncoder();

describe('JSONL structure', () => {
  test('a good conversation file passes with the counts', async () => {
    const path = await dir.write('train.jsonl', jsonl([chat(), chat('a', 'b'), chat('c', 'd')]));
    const report = await checkFile(path);
    expect(report).toMatchObject({
      is_check_passed: true,
      message: 'Checks passed',
      found: true,
      utf8: true,
      load_json: true,
      line_type: true,
      text_field: true,
      key_value: true,
      has_min_samples: true,
      num_samples: 3,
      filetype: 'jsonl',
      dataset_format: 'conversation',
    });
    expect(report.failed_check).toBeUndefined();
    expect(report.line_number).toBeUndefined();
  });

  test('no final newline and CRLF line ends are fine', async () => {
    const text = `${JSON.stringify(chat())}\r\n${JSON.stringify(chat())}`;
    const report = await checkFile(encoder.encode(text));
    expect(report.is_check_passed).toBe(true);
    expect(report.num_samples).toBe(2);
  });

  test('invalid JSON on line 1', async () => {
    const report = await checkFile(await dir.write('bad1.jsonl', '{"text": \n'));
    expect(report).toMatchObject({
      is_check_passed: false,
      failed_check: 'load_json',
      line_number: 1,
      load_json: false,
    });
    expect(report.message).toMatch(/^Line 1: invalid JSON \(/);
  });

  test('invalid JSON on line 10 000', async () => {
    const lines = Array.from({ length: 9_999 }, () => JSON.stringify({ text: 'x'.repeat(50) }));
    lines.push('{"text": "unterminated}');
    lines.push(JSON.stringify({ text: 'after' }));
    const report = await checkFile(await dir.write('bad10k.jsonl', `${lines.join('\n')}\n`));
    expect(report).toMatchObject({ failed_check: 'load_json', line_number: 10_000 });
    expect(report.message).toContain('Line 10000: invalid JSON');
  });

  test('a blank line in the middle fails; one final newline does not', async () => {
    const text = `${JSON.stringify(chat())}\n\n${JSON.stringify(chat())}\n`;
    const report = await checkFile(await dir.write('blank.jsonl', text));
    expect(report).toMatchObject({ failed_check: 'load_json', line_number: 2 });
    expect(report.message).toContain('blank line');
    const twoFinal = await checkFile(encoder.encode(`${JSON.stringify(chat())}\n\n`));
    expect(twoFinal).toMatchObject({ failed_check: 'load_json', line_number: 2 });
  });

  test('a whitespace-only line counts as blank', async () => {
    const report = await checkFile(encoder.encode(`${JSON.stringify(chat())}\n   \t\n`));
    expect(report).toMatchObject({ failed_check: 'load_json', line_number: 2 });
    expect(report.message).toContain('blank line');
  });

  test.each([
    ['[1, 2]', 'an array'],
    ['"text"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
  ])('a line holding %s is not an object', async (line, found) => {
    const report = await checkFile(encoder.encode(`${JSON.stringify(chat())}\n${line}\n`));
    expect(report).toMatchObject({ failed_check: 'line_type', line_type: false, line_number: 2 });
    expect(report.message).toBe(`Line 2: expected a JSON object, found ${found}`);
  });

  test('a byte order mark is named, not reported as a mystery token', async () => {
    const report = await checkFile(encoder.encode(`\uFEFF${JSON.stringify(chat())}\n`));
    expect(report).toMatchObject({ failed_check: 'load_json', line_number: 1 });
    expect(report.message).toContain('byte order mark');
  });

  test('eval and batch-api files get the structural rules only', async () => {
    const text = jsonl([{ anything: 1 }, { question: 'q', answer: 'a' }]);
    for (const purpose of ['eval', 'batch-api'] as const) {
      const report = await checkFile(encoder.encode(text), { purpose });
      expect(report).toMatchObject({
        is_check_passed: true,
        num_samples: 2,
        text_field: null,
        key_value: null,
      });
      expect(report.dataset_format).toBeUndefined();
    }
    // For fine-tuning the same lines pass too: the format rules only warn, each warning on its line.
    const asFineTune = await checkFile(encoder.encode(text));
    expect(asFineTune).toMatchObject({ is_check_passed: true, text_field: false, warning_count: 2 });
    expect(asFineTune.warnings.map((warning) => [warning.line, warning.rule])).toEqual([
      [1, 'format'],
      [2, 'format'],
    ]);
  });
});

describe('UTF-8', () => {
  test('an invalid byte is reported on its line', async () => {
    const good = encoder.encode(`${JSON.stringify({ text: 'héllo ✓ 😀' })}\n`);
    const bad = Uint8Array.from([...encoder.encode('{"text": "ab'), 0xff, ...encoder.encode('"}\n')]);
    const bytes = new Uint8Array(good.length * 4 + bad.length);
    for (let index = 0; index < 4; index++) bytes.set(good, index * good.length);
    bytes.set(bad, good.length * 4);
    const path = await dir.write('latin.jsonl', bytes);
    const report = await checkFile(path);
    expect(report).toMatchObject({ failed_check: 'utf8', utf8: false, line_number: 5 });
    expect(report.message).toContain('Line 5: the file is not valid UTF-8');
  });

  test.each([
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['truncated at the end', [0xe2, 0x82]],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('%s sequences are invalid', async (_name, sequence) => {
    const bytes = Uint8Array.from([...encoder.encode('{"text": "ok"}\n{"text": "'), ...sequence]);
    const report = await checkFile(bytes);
    expect(report).toMatchObject({ failed_check: 'utf8', line_number: 2 });
  });

  test('an earlier JSON error wins over a later bad byte', async () => {
    const bytes = Uint8Array.from([
      ...encoder.encode('{"text": "ok"}\n{oops}\n{"text": "'),
      0xff,
      0x22,
      0x7d,
    ]);
    const report = await checkFile(bytes);
    expect(report).toMatchObject({ failed_check: 'load_json', line_number: 2 });
  });
});

describe('sizes and sources', () => {
  test('a 100 MB single line passes, and the next line is still numbered 2', async () => {
    const size = 100 * 1024 * 1024;
    const bytes = new Uint8Array(size + 40);
    const head = encoder.encode('{"text": "');
    bytes.set(head);
    bytes.fill(0x61, head.length, size);
    const tail = encoder.encode('"}\n{"text": 1}\n');
    bytes.set(tail, size);
    const path = await dir.write('huge-line.jsonl', bytes.subarray(0, size + tail.length));
    const report = await checkFile(path);
    // Line 1 (100 MB) passed; line 2 breaks the general format's rule that "text" is a string: a warning on line 2.
    expect(report).toMatchObject({ is_check_passed: true, key_value: false, num_samples: 2 });
    expect(report.warnings).toMatchObject([{ line: 2, rule: 'content' }]);
    bytes.set(encoder.encode('"}\n'), size);
    const good = await checkFile(bytes.subarray(0, size + 3));
    expect(good).toMatchObject({ is_check_passed: true, num_samples: 1, dataset_format: 'general' });
  });

  test('a path of many chunks: lines across chunk boundaries are whole, and counted', async () => {
    // About 10 MiB of lines of varied lengths, so chunk boundaries fall inside lines and inside characters.
    const lines = Array.from({ length: 20_000 }, (_, index) =>
      JSON.stringify({ text: `${index} ✓ ${'é'.repeat(index % 400)}${'x'.repeat((index * 7) % 300)}` }),
    );
    const path = await dir.write('chunks.jsonl', `${lines.join('\n')}\n`);
    expect(await checkFile(path)).toMatchObject({ is_check_passed: true, num_samples: 20_000 });
    lines[19_990] = '{"text": "broken"';
    const broken = await dir.write('chunks-broken.jsonl', `${lines.join('\n')}\n`);
    expect(await checkFile(broken)).toMatchObject({ failed_check: 'load_json', line_number: 19_991 });
  });

  test('a path, a Blob and bytes give the same report', async () => {
    const lines = Array.from({ length: 3_000 }, (_, index) =>
      JSON.stringify(chat(`question ${index} ✓`, 'answer')),
    );
    lines[2_345] = '{"messages": [}';
    const text = `${lines.join('\n')}\n`;
    const path = await dir.write('same.jsonl', text);
    const reports = [
      await checkFile(path),
      await checkFile(new Blob([text])),
      await checkFile(new File([text], 'same.jsonl')),
      await checkFile(encoder.encode(text)),
    ];
    for (const report of reports) {
      expect(report).toMatchObject({
        failed_check: 'load_json',
        line_number: 2_346,
        file_size: encoder.encode(text).length,
      });
    }
    expect(new Set(reports.map((report) => report.message)).size).toBe(1);
  });

  test('a message quoting the line shows its real characters', async () => {
    const role = await checkFile(
      encoder.encode(`${JSON.stringify(chat())}\n{"messages": [{"role": "usér", "content": "q"}]}\n`),
    );
    expect(role).toMatchObject({ is_check_passed: true, key_value: false });
    expect(role.warnings[0]?.message).toContain('Line 2: message 1 has role "usér"');
    const json = await checkFile(encoder.encode('{"text": "café ✓" oops}\n'));
    expect(json).toMatchObject({ failed_check: 'load_json', line_number: 1 });
    // The position counts characters of the real text (18), not bytes (21).
    expect(json.message).toContain('at position 18');
  });
});
