import { parquetMetadata, parquetSchema } from 'hyparquet';
import { type ColumnSource, type ParquetWriteOptions, parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, test } from 'vitest';
import type { ByteSource } from './byte-source.js';
import {
  MAX_FOOTER_BYTES,
  MAX_SCHEMA_ELEMENTS,
  type ParquetFooter,
  readParquetFooter,
} from './parquet-footer.js';

/** Bytes as a ByteSource that records the ranges read and refuses to stream: the footer is read by range only. */
function source(bytes: Uint8Array, reads: [number, number][] = []): ByteSource {
  return {
    size: bytes.byteLength,
    name: undefined,
    chunks: () => {
      throw new Error('the footer reader must not stream the file');
    },
    range: async (start, end) => {
      reads.push([start, end]);
      return bytes.subarray(start, end);
    },
    close: async () => {},
  };
}

const read = (bytes: Uint8Array) => readParquetFooter(source(bytes));

/** What hyparquet reads from the same bytes: the reference of the differential tests. */
function hyparquetFooter(bytes: Uint8Array): ParquetFooter {
  const metadata = parquetMetadata(bytes.slice().buffer);
  return {
    numRows: Number(metadata.num_rows),
    columns: parquetSchema(metadata).children.map((child) => child.element.name),
  };
}

const write = (options: Omit<ParquetWriteOptions, 'writer'>) => new Uint8Array(parquetWriteBuffer(options));
const int32 = (name: string, data: number[]): ColumnSource => ({ name, data, type: 'INT32' });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A list<int32> column as tokenized data has it: a LIST group, its repeated `list` group, then the element. */
const listSchema = (name: string): NonNullable<ParquetWriteOptions['schema']> => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
];

const written: [string, Uint8Array, ParquetFooter][] = [
  [
    'one column',
    write({ columnData: [int32('input_ids', [1, 2, 3])] }),
    { numRows: 3, columns: ['input_ids'] },
  ],
  [
    'the four allowed columns',
    write({
      columnData: ['input_ids', 'attention_mask', 'labels', 'position_ids'].map((n) => int32(n, [1, 2])),
    }),
    { numRows: 2, columns: ['input_ids', 'attention_mask', 'labels', 'position_ids'] },
  ],
  ['no rows', write({ columnData: [int32('input_ids', [])] }), { numRows: 0, columns: ['input_ids'] }],
  [
    'many rows in many row groups (a large footer)',
    write({
      columnData: [int32('input_ids', range(100_000)), int32('labels', range(100_000))],
      rowGroupSize: 500,
    }),
    { numRows: 100_000, columns: ['input_ids', 'labels'] },
  ],
  [
    'columns of every basic type, with nulls and statistics',
    write({
      columnData: [
        { name: 'b', data: [true, false, null], type: 'BOOLEAN' },
        { name: 'i64', data: [1n, -(2n ** 62n), null], type: 'INT64' },
        { name: 'f', data: [1.5, -0, Number.NaN], type: 'FLOAT' },
        { name: 'd', data: [Math.PI, 1e300, null], type: 'DOUBLE' },
        { name: 's', data: ['a', 'é✓', 'x'.repeat(300)], type: 'STRING' },
        { name: 'raw', data: [new Uint8Array([0, 255]), null, new Uint8Array(0)], type: 'BYTE_ARRAY' },
        { name: 't', data: [new Date(0), new Date(2 ** 40), null], type: 'TIMESTAMP' },
        { name: 'j', data: [{ a: 1 }, [1, 2], null], type: 'JSON' },
        { name: 'naïve ✓ name', data: [1, 2, 3], type: 'INT32' },
      ],
    }),
    { numRows: 3, columns: ['b', 'i64', 'f', 'd', 's', 'raw', 't', 'j', 'naïve ✓ name'] },
  ],
  [
    'key-value metadata and a created_by',
    write({
      columnData: [int32('input_ids', [1])],
      kvMetadata: [
        { key: 'huggingface', value: JSON.stringify({ info: 'x'.repeat(1000) }) },
        { key: 'no value' },
      ],
      createdBy: 'test writer ✓',
    }),
    { numRows: 1, columns: ['input_ids'] },
  ],
  [
    'list<int32> columns (nested groups, whose members are not columns)',
    write({
      columnData: [
        { name: 'input_ids', data: [[1, 2], [3], []] },
        { name: 'labels', data: [[1, 2], [3], []] },
      ],
      schema: [{ name: 'root', num_children: 2 }, ...listSchema('input_ids'), ...listSchema('labels')],
    }),
    { numRows: 3, columns: ['input_ids', 'labels'] },
  ],
  [
    'a shredded variant (groups nested four deep) between two columns',
    write({
      columnData: [
        int32('first', [1, 2]),
        {
          name: 'v',
          data: [{ a: 1 }, { b: ['x'] }],
          type: 'VARIANT',
          shredding: { a: 'INT32', b: ['STRING'] },
        },
        int32('last', [3, 4]),
      ],
    }),
    { numRows: 2, columns: ['first', 'v', 'last'] },
  ],
  [
    '40 columns (a schema list with its size in a varint)',
    write({ columnData: range(40).map((i) => int32(`c${i}`, [i])) }),
    { numRows: 1, columns: range(40).map((i) => `c${i}`) },
  ],
];

describe('readParquetFooter on files hyparquet-writer wrote', () => {
  test.each(written)('%s: the columns and rows hyparquet reads', async (_, bytes, expected) => {
    const footer = await read(bytes);
    expect(footer).toEqual(expected);
    expect(footer).toEqual(hyparquetFooter(bytes));
  });

  test('reads the last 8 bytes, the first 4 and the footer, nothing else', async () => {
    const bytes = written[3]![1];
    const reads: [number, number][] = [];
    await readParquetFooter(source(bytes, reads));
    const size = bytes.byteLength;
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(size - 8, true);
    expect(length).toBeGreaterThan(10_000);
    expect(reads).toEqual([
      [size - 8, size],
      [0, 4],
      [size - 8 - length, size - 8],
    ]);
  });

  test('an aborted signal stops it with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(readParquetFooter(source(written[0]![1]), controller.signal)).rejects.toThrow('stopped');
  });
});

describe('readParquetFooter on broken files', () => {
  const bytes = written[0]![1];
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.byteLength - 8, true);
  const footer = bytes.subarray(bytes.byteLength - 8 - length, bytes.byteLength - 8);

  test('every cut of the file fails', async () => {
    for (let size = 0; size < bytes.byteLength; size++)
      await expect(read(bytes.subarray(0, size)), `cut at ${size}`).rejects.toThrow(/too short|magic/);
  });

  test('every cut of the footer, framed as a whole file, fails as ending early', async () => {
    expect(await read(frame([...footer]))).toEqual({ numRows: 3, columns: ['input_ids'] });
    for (let cut = 0; cut < footer.length; cut++)
      await expect(read(frame([...footer.subarray(0, cut)])), `cut at ${cut}`).rejects.toThrow('ends early');
  });

  test('a wrong magic at either end fails', async () => {
    const end = bytes.slice();
    end[end.length - 1] = 0x32;
    await expect(read(end)).rejects.toThrow('no "PAR1" magic at the end');
    const start = bytes.slice();
    start[0] = 0x51;
    await expect(read(start)).rejects.toThrow('no "PAR1" magic at the start');
  });

  test('a footer length that does not fit in the file fails', async () => {
    for (const length of [bytes.byteLength - 11, bytes.byteLength, 2 ** 32 - 1]) {
      const long = bytes.slice();
      new DataView(long.buffer).setUint32(long.length - 8, length, true);
      await expect(read(long)).rejects.toThrow(`the footer length ${length} does not fit`);
    }
  });

  test('a footer length beyond 64 MiB fails before the footer is read, even in a file large enough to hold it', async () => {
    const size = 4 * MAX_FOOTER_BYTES;
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(0, MAX_FOOTER_BYTES + 1, true);
    tail.set([0x50, 0x41, 0x52, 0x31], 4);
    const reads: [number, number][] = [];
    const huge: ByteSource = {
      ...source(new Uint8Array(0)),
      size,
      range: async (start, end) => {
        reads.push([start, end]);
        if (start === size - 8) return tail;
        if (start === 0 && end === 4) return new Uint8Array([0x50, 0x41, 0x52, 0x31]);
        throw new Error(`read ${end - start} bytes at ${start}`);
      },
    };
    await expect(readParquetFooter(huge)).rejects.toThrow(
      `the footer length ${MAX_FOOTER_BYTES + 1} is beyond the ${MAX_FOOTER_BYTES} bytes`,
    );
    expect(reads).toEqual([
      [size - 8, size],
      [0, 4],
    ]);
  });
});

// A small Thrift compact protocol writer, to build footers that no Parquet writer would.
const [BOOL_TRUE, BOOL_FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
] as const;
type Field = [id: number, type: number, value: number[]];

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  for (; value >= 0x80n; value >>= 7n) bytes.push(Number(value & 0x7fn) | 0x80);
  return [...bytes, Number(value)];
}
const zigzag = (value: bigint | number) =>
  varint(BigInt(value) >= 0n ? BigInt(value) * 2n : -BigInt(value) * 2n - 1n);
const binary = (text: string) => [...varint(BigInt(Buffer.byteLength(text))), ...Buffer.from(text)];
const list = (type: number, items: number[][]) => [
  ...(items.length < 15 ? [(items.length << 4) | type] : [0xf0 | type, ...varint(BigInt(items.length))]),
  ...items.flat(),
];

/** Field headers in the short form (id delta 1..15) when it fits, else the long form (zigzag i16 id). */
function struct(fields: Field[]): number[] {
  const bytes: number[] = [];
  let last = 0;
  for (const [id, type, value] of fields) {
    bytes.push(
      ...(id > last && id - last <= 15 ? [((id - last) << 4) | type] : [type, ...zigzag(id)]),
      ...value,
    );
    last = id;
  }
  return [...bytes, 0];
}

/** `PAR1` <footer> <length> `PAR1`. */
function frame(footer: number[]): Uint8Array {
  const bytes = new Uint8Array(footer.length + 12);
  bytes.set([0x50, 0x41, 0x52, 0x31]);
  bytes.set(footer, 4);
  new DataView(bytes.buffer).setUint32(footer.length + 4, footer.length, true);
  bytes.set([0x50, 0x41, 0x52, 0x31], footer.length + 8);
  return bytes;
}

const leaf = (name: string) =>
  struct([
    [1, I32, zigzag(1)],
    [4, BINARY, binary(name)],
  ]);
const group = (name: string, children: number) =>
  struct([
    [4, BINARY, binary(name)],
    [5, I32, zigzag(children)],
  ]);
const metadata = (schema: number[][], rows: bigint, extra: Field[] = []) =>
  struct([
    [1, I32, zigzag(2)],
    [2, LIST, list(STRUCT, schema)],
    [3, I64, zigzag(rows)],
    [4, LIST, list(STRUCT, [])],
    ...extra,
  ]);

describe('readParquetFooter on hand-built footers', () => {
  test('a schema bomb (more schema elements than any fine-tune file has) is refused before it is decoded', async () => {
    const empty = Array.from({ length: MAX_SCHEMA_ELEMENTS + 1 }, () => [0]);
    await expect(read(frame(metadata(empty, 1n)))).rejects.toThrow(
      `Parquet footer lists ${MAX_SCHEMA_ELEMENTS + 1} schema elements; at most ${MAX_SCHEMA_ELEMENTS} are read`,
    );
  });

  test('a nested group: only the root children are columns, as hyparquet reads them', async () => {
    // root { input_ids { a { x, y }, b }, labels }: a flattened depth-first list with num_children.
    const bytes = frame(
      metadata(
        [
          group('root', 2),
          group('input_ids', 2),
          group('a', 2),
          leaf('x'),
          leaf('y'),
          leaf('b'),
          leaf('labels'),
        ],
        5n,
      ),
    );
    expect(await read(bytes)).toEqual({ numRows: 5, columns: ['input_ids', 'labels'] });
    expect(hyparquetFooter(bytes)).toEqual({ numRows: 5, columns: ['input_ids', 'labels'] });
  });

  test('a row count past 32 bits keeps its value', async () => {
    const bytes = frame(metadata([group('root', 1), leaf('input_ids')], 2n ** 40n + 3n));
    expect((await read(bytes)).numRows).toBe(2 ** 40 + 3);
  });

  test('fields of every Thrift type are skipped, short and long field headers alike', async () => {
    const unknown: Field[] = [
      [5, BOOL_TRUE, []],
      [6, BOOL_FALSE, []],
      [7, BYTE, [0xff]],
      [8, I16, zigzag(-300)],
      [9, DOUBLE, [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]],
      [30, BINARY, binary('x'.repeat(200))],
      [31, SET, list(I32, [zigzag(1), zigzag(2)])],
      // Booleans in a list take a byte each (1 true, 2 false), unlike a boolean field.
      [32, LIST, list(BOOL_TRUE, [[1], [2], [2]])],
      // Two entries of binary → list<i64>, then an empty map.
      [
        33,
        MAP,
        [
          ...varint(2n),
          (BINARY << 4) | LIST,
          ...binary('k'),
          ...list(I64, [zigzag(1n)]),
          ...binary('l'),
          ...list(I64, []),
        ],
      ],
      [34, MAP, varint(0n)],
      [35, STRUCT, struct([[1, STRUCT, struct([[2, LIST, list(STRUCT, [struct([])])]])]])],
      [-1, I32, zigzag(7)],
      [2000, I64, zigzag(-(2n ** 63n))],
    ];
    const schema = [group('root', 2), leaf('input_ids'), leaf('labels')];
    // The known fields after unknown ones, and an unknown field inside a schema element too.
    const bytes = frame(
      struct([
        ...unknown,
        [2000 + 1, LIST, list(STRUCT, schema)],
        [2002, STRUCT, struct([])],
        [
          2,
          LIST,
          list(STRUCT, [
            ...schema.slice(0, 2),
            struct([
              [3, I32, zigzag(0)],
              [4, BINARY, binary('labels')],
              [11, DOUBLE, range(8)],
            ]),
          ]),
        ],
        [3, I64, zigzag(9n)],
      ]),
    );
    expect(await read(bytes)).toEqual({ numRows: 9, columns: ['input_ids', 'labels'] });
  });

  test('a footer without a schema or a row count fails', async () => {
    await expect(read(frame(struct([[3, I64, zigzag(1n)]])))).rejects.toThrow('no schema or row count');
    const schema = list(STRUCT, [group('root', 1), leaf('input_ids')]);
    await expect(read(frame(struct([[2, LIST, schema]])))).rejects.toThrow('no schema or row count');
    // The right ids with the wrong types are not the fields.
    await expect(
      read(
        frame(
          struct([
            [2, LIST, schema],
            [3, I32, zigzag(1)],
          ]),
        ),
      ),
    ).rejects.toThrow('no schema or row count');
  });

  test('a schema whose counts point past its end fails', async () => {
    await expect(read(frame(metadata([group('root', 3), leaf('a'), leaf('b')], 1n)))).rejects.toThrow(
      'schema ends early',
    );
    await expect(read(frame(metadata([group('root', 1), group('a', 5), leaf('b')], 1n)))).rejects.toThrow(
      'schema ends early',
    );
    await expect(read(frame(metadata([], 1n)))).rejects.toThrow('schema is empty');
    await expect(read(frame(metadata([group('root', 1), group('a', -1)], 1n)))).rejects.toThrow('negative');
  });

  test('hostile sizes fail at once, before any element is read', async () => {
    const start = performance.now();
    const huge = [0xf0 | STRUCT, ...varint(2n ** 32n - 1n)];
    await expect(read(frame(struct([[2, LIST, [...huge, 0, 0, 0]]])))).rejects.toThrow(
      'ends early (a size of 4294967295 with 4 bytes left)',
    );
    await expect(read(frame(struct([[7, LIST, [0xf0 | BOOL_TRUE, ...varint(2n ** 62n)]]])))).rejects.toThrow(
      'ends early',
    );
    await expect(read(frame(struct([[7, MAP, [...varint(10n ** 12n), 0x55, 0]]])))).rejects.toThrow(
      'ends early',
    );
    await expect(read(frame(struct([[7, BINARY, [...varint(2n ** 40n), 1, 2]]])))).rejects.toThrow(
      'ends early',
    );
    await expect(read(frame(struct([[7, DOUBLE, [1, 2, 3]]])))).rejects.toThrow('ends early');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  test('deep nesting fails instead of overflowing the stack', async () => {
    const depth = 100_000;
    const structs = [...Array(depth).fill((1 << 4) | STRUCT), ...Array(depth + 1).fill(0)];
    await expect(read(frame(structs))).rejects.toThrow('nested too deeply');
    const lists = [(1 << 4) | LIST, ...Array(depth).fill((1 << 4) | LIST), 0];
    await expect(read(frame(lists))).rejects.toThrow('nested too deeply');
    // 40 levels, more than any real footer has, are still read.
    const nested: Field = [9, STRUCT, [...Array(40).fill((1 << 4) | STRUCT), ...Array(41).fill(0)]];
    const bytes = frame(metadata([group('root', 1), leaf('input_ids')], 1n, [nested]));
    expect(await read(bytes)).toEqual({ numRows: 1, columns: ['input_ids'] });
  });

  test('a varint without an end and an unknown type fail', async () => {
    await expect(read(frame(struct([[7, I64, Array(12).fill(0x80)]])))).rejects.toThrow('malformed varint');
    await expect(read(frame([(1 << 4) | 13, 0]))).rejects.toThrow('unknown Thrift type 13');
    await expect(read(frame(struct([[2, LIST, list(I32, [zigzag(1)])]])))).rejects.toThrow(
      'not a list of structs',
    );
  });
});
