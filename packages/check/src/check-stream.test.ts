import { describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { checkStream } from './check-stream.js';

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.byteLength; start += size) yield bytes.subarray(start, start + size);
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('checkStream: the report checkFile gives for the same bytes, read once as they arrive', () => {
  test.each([
    ['good.jsonl', '{"text": "a"}\n{"text": "b", "extra": 1}\n'],
    ['bad.jsonl', '{"text": "a"}\n[1]\n{"text": "c"}\n'],
    ['rows.csv', 'prompt,answer\n"a, b",c\nd,e\n'],
    ['short.csv', 'prompt,answer\nd\n'],
  ])('%s', async (filename, text) => {
    const bytes = encode(text);
    const purpose = filename.endsWith('.csv') ? 'eval' : 'fine-tune';
    const seen: number[] = [];
    const report = await checkStream(pieces(bytes, 5), {
      filename,
      purpose,
      onBytes: (chunk) => seen.push(chunk.byteLength),
    });
    const expected = await checkFile(bytes, { filename, purpose });
    if (expected.is_check_passed) {
      expect(report).toEqual(expected);
      expect(seen.reduce((sum, count) => sum + count, 0)).toBe(bytes.byteLength);
    } else {
      // A failure stops reading: the size is what was read up to the verdict.
      expect({ ...report, file_size: expected.file_size }).toEqual(expected);
      expect(report.file_size).toBeLessThanOrEqual(bytes.byteLength);
    }
  });

  test('an empty stream fails the size rule, a Parquet name is refused unread, a failing stream is a report', async () => {
    expect(await checkStream(pieces(new Uint8Array(0), 1), { filename: 'x.jsonl' })).toMatchObject({
      failed_check: 'file_size',
      file_size: 0,
      message: 'File is empty',
    });
    let read = false;
    const parquet = await checkStream(
      (async function* () {
        read = true;
        yield new Uint8Array(1);
      })(),
      { filename: 'x.parquet' },
    );
    expect(parquet).toMatchObject({ is_check_passed: false, failed_check: 'filetype' });
    expect(read).toBe(false);
    const broken = await checkStream(
      (async function* () {
        yield encode('{"text": "a"}\n');
        throw new Error('connection reset');
      })(),
      { filename: 'x.jsonl' },
    );
    expect(broken).toMatchObject({ failed_check: 'load_json', file_size: 14 });
    expect(broken.message).toContain('connection reset');
  });
});
