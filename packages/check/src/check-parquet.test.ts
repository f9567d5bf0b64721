import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { type FixtureDir, fixtureDir } from './test-fixtures.js';

let dir: FixtureDir;
beforeAll(async () => {
  dir = await fixtureDir();
});
afterAll(() => dir.remove());

function parquet(columns: Record<string, number[]>): Uint8Array<ArrayBuffer> {
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: 'INT32' as const }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

describe('Parquet (fine-tune)', () => {
  test('the allowed columns pass, with the row count from the metadata', async () => {
    const bytes = parquet({
      input_ids: [1, 2, 3],
      attention_mask: [1, 1, 1],
      labels: [4, 5, 6],
    });
    const path = await dir.write('tokens.parquet', bytes);
    const report = await checkFile(path);
    expect(report).toMatchObject({
      is_check_passed: true,
      filetype: 'parquet',
      load_parquet: true,
      has_min_samples: true,
      num_samples: 3,
    });
  });

  test('a Blob and bytes are read by range too', async () => {
    const bytes = parquet({ input_ids: [7, 8] });
    expect(await checkFile(new File([bytes], 't.parquet'))).toMatchObject({
      is_check_passed: true,
      num_samples: 2,
    });
    expect(await checkFile(bytes, { fileType: 'parquet' })).toMatchObject({
      is_check_passed: true,
      num_samples: 2,
    });
  });

  test('a column outside the allowed ones fails, naming it', async () => {
    const path = await dir.write('extra.parquet', parquet({ input_ids: [1], text: [2] }));
    const report = await checkFile(path);
    expect(report).toMatchObject({
      is_check_passed: false,
      failed_check: 'load_parquet',
      load_parquet: false,
    });
    expect(report.message).toContain('"text"');
    expect(report.message).toContain('input_ids, attention_mask, labels');
  });

  test('position_ids is not among the allowed columns (together-py v2 PARQUET_EXPECTED_COLUMNS)', async () => {
    const report = await checkFile(parquet({ input_ids: [1], position_ids: [0] }), { fileType: 'parquet' });
    expect(report).toMatchObject({ is_check_passed: false, failed_check: 'load_parquet' });
    expect(report.message).toContain('"position_ids"');
  });

  test('no input_ids column fails', async () => {
    const report = await checkFile(await dir.write('noids.parquet', parquet({ labels: [1] })));
    expect(report).toMatchObject({ failed_check: 'load_parquet' });
    expect(report.message).toContain('no "input_ids" column');
  });

  test('no rows fails on the minimum', async () => {
    const report = await checkFile(await dir.write('zero.parquet', parquet({ input_ids: [] })));
    expect(report).toMatchObject({ failed_check: 'has_min_samples', has_min_samples: false, num_samples: 0 });
  });

  test('list<int32> columns, as tokenized data is usually written, pass: their nested members are no columns', async () => {
    const list = (name: string) => [
      { name, repetition_type: 'OPTIONAL' as const, converted_type: 'LIST' as const, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
      { name: 'element', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
    ];
    const rows = [[1, 2, 3], [4], []];
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'input_ids', data: rows },
          { name: 'labels', data: rows },
        ],
        schema: [{ name: 'root', num_children: 2 }, ...list('input_ids'), ...list('labels')],
      }),
    );
    expect(await checkFile(bytes, { fileType: 'parquet' })).toMatchObject({
      is_check_passed: true,
      load_parquet: true,
      num_samples: 3,
    });
  });

  test('a footer length past the file fails, saying so', async () => {
    const bytes = parquet({ input_ids: [1] });
    new DataView(bytes.buffer).setUint32(bytes.length - 8, bytes.length, true);
    const report = await checkFile(bytes, { fileType: 'parquet' });
    expect(report).toMatchObject({ is_check_passed: false, failed_check: 'load_parquet', num_samples: null });
    expect(report.message).toBe(
      `The file is not a readable Parquet file (the footer length ${bytes.length} does not fit in a ${bytes.length}-byte file)`,
    );
  });

  test('bytes that are not Parquet fail without throwing', async () => {
    const report = await checkFile(await dir.write('fake.parquet', 'not parquet at all, just text'));
    expect(report).toMatchObject({ is_check_passed: false, failed_check: 'load_parquet' });
    expect(report.message).toContain('not a readable Parquet file');
  });
});
