import type { ByteSource } from './byte-source.js';

/** What the fine-tune check needs from a Parquet footer. */
export interface ParquetFooter {
  /** FileMetaData.num_rows. */
  numRows: number;
  /** The names of the top-level columns (the schema root's direct children), in file order. */
  columns: string[];
}

// A file is `PAR1` <data> <FileMetaData> <footer length, u32 LE> `PAR1`.
const MAGIC = [0x50, 0x41, 0x52, 0x31];
/** Deeper nesting than any real footer has (a few levels); the bound keeps a hostile file off the stack's end. */
const MAX_DEPTH = 64;
/**
 * Real footers are kilobytes to a few megabytes (a few hundred bytes per row group and column); a length beyond this
 * is a broken or hostile file, and reading it would hold that much memory for nothing.
 */
export const MAX_FOOTER_BYTES = 64 * 1024 * 1024;

/**
 * At most this many schema elements. A fine-tune Parquet file has at most three columns (input_ids, attention_mask,
 * labels), a few elements each; a footer listing millions of empty elements (a "schema bomb", 1 byte each) would
 * otherwise become millions of objects, gigabytes of memory, before any rule could refuse it.
 */
export const MAX_SCHEMA_ELEMENTS = 10_000;
const utf8 = new TextDecoder();

/**
 * Reads the footer of a Parquet file: its last 8 bytes, its first 4 (the leading magic) and the FileMetaData, nothing
 * else. Throws an Error saying what is wrong when the bytes are not a readable Parquet footer.
 */
export async function readParquetFooter(source: ByteSource, signal?: AbortSignal): Promise<ParquetFooter> {
  const { size } = source;
  if (size < 12) throw new Error(`${size} bytes is too short for a Parquet file`);
  signal?.throwIfAborted();
  const tail = await source.range(size - 8, size);
  if (tail.length !== 8 || !isMagic(tail, 4)) throw new Error('no "PAR1" magic at the end');
  signal?.throwIfAborted();
  if (!isMagic(await source.range(0, 4), 0)) throw new Error('no "PAR1" magic at the start');
  const length = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  if (length > size - 12) throw new Error(`the footer length ${length} does not fit in a ${size}-byte file`);
  if (length > MAX_FOOTER_BYTES)
    throw new Error(
      `the footer length ${length} is beyond the ${MAX_FOOTER_BYTES} bytes a Parquet footer may have`,
    );
  signal?.throwIfAborted();
  const footer = await source.range(size - 8 - length, size - 8);
  if (footer.length !== length) throw new Error('Parquet footer ends early');
  return decodeFileMetaData(new CompactReader(footer));
}

function isMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((byte, i) => bytes[at + i] === byte);
}

/** FileMetaData: field 2 is list<SchemaElement>, field 3 the i64 row count; the rest is skipped. */
function decodeFileMetaData(reader: CompactReader): ParquetFooter {
  let schema: SchemaElement[] | undefined;
  let numRows: bigint | undefined;
  reader.struct((id, type) => {
    if (id === 2 && type === LIST)
      schema = reader.list((element) => decodeSchemaElement(reader, element), {
        max: MAX_SCHEMA_ELEMENTS,
        what: 'schema elements',
      });
    else if (id === 3 && type === I64) numRows = reader.zigzag();
    else return false;
    return true;
  });
  if (schema === undefined || numRows === undefined)
    throw new Error('Parquet footer has no schema or row count');
  return { numRows: Number(numRows), columns: rootColumns(schema) };
}

interface SchemaElement {
  name: string | undefined;
  numChildren: number;
}

/** SchemaElement: field 4 is the name (UTF-8), field 5 num_children (absent for a leaf). */
function decodeSchemaElement(reader: CompactReader, type: number): SchemaElement {
  if (type !== STRUCT) throw new Error('Parquet schema is not a list of structs');
  const element: SchemaElement = { name: undefined, numChildren: 0 };
  reader.struct((id, type) => {
    if (id === 4 && type === BINARY) element.name = utf8.decode(reader.binary());
    else if (id === 5 && type === I32) element.numChildren = Number(reader.zigzag());
    else return false;
    return true;
  });
  if (element.numChildren < 0) throw new Error('Parquet schema has a negative child count');
  return element;
}

/**
 * The schema is the tree flattened depth first: the root, then each child followed by its own subtree. The root's
 * direct children are found by stepping over each child's subtree (nested groups' members are not columns here).
 */
function rootColumns(schema: SchemaElement[]): string[] {
  const [root] = schema;
  if (root === undefined) throw new Error('Parquet schema is empty');
  const columns: string[] = [];
  let index = 1;
  for (let child = 0; child < root.numChildren; child++) {
    const name = schema[index]?.name;
    if (name === undefined) throw new Error('Parquet schema ends early or has a column without a name');
    columns.push(name);
    // Elements left in this child's subtree: itself, plus every child of each element met.
    for (let pending = 1; pending > 0; index++) {
      const element = schema[index];
      if (element === undefined) throw new Error('Parquet schema ends early');
      pending += element.numChildren - 1;
    }
  }
  return columns;
}

// Thrift compact protocol type ids.
const [TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
];

/** Just enough of the Thrift compact protocol to find some fields and skip every other one. */
class CompactReader {
  #position = 0;
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  #byte(): number {
    const byte = this.#bytes[this.#position++];
    if (byte === undefined) throw new Error('Parquet footer ends early');
    return byte;
  }

  /** An unsigned LEB128 varint, as a BigInt so an i64 keeps all its bits; at most 10 bytes. */
  #varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.#byte();
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    throw new Error('Parquet footer has a malformed varint');
  }

  /** i16, i32 and i64 are zigzag varints. */
  zigzag(): bigint {
    const value = this.#varint();
    return (value >> 1n) ^ -(value & 1n);
  }

  binary(): Uint8Array {
    const length = this.#count();
    this.#position += length;
    return this.#bytes.subarray(this.#position - length, this.#position);
  }

  /**
   * A size read from the file, refused when the bytes left could not hold it: every element takes at least one
   * byte, so a hostile size fails here instead of driving a long loop or a large allocation.
   */
  #count(size: bigint | number = this.#varint()): number {
    const left = this.#bytes.length - this.#position;
    if (size > left) throw new Error(`Parquet footer ends early (a size of ${size} with ${left} bytes left)`);
    return Number(size);
  }

  /** Reads a struct's fields; `field` reads the ones it wants and returns false for the others, which are skipped. */
  struct(field: (id: number, type: number) => boolean, depth = 0): void {
    let id = 0;
    for (let header = this.#byte(); header !== 0; header = this.#byte()) {
      const type = header & 0x0f;
      // The high nibble is the id's delta from the previous field; 0 means the id follows as a zigzag i16.
      id = header >> 4 === 0 ? Number(this.zigzag()) : id + (header >> 4);
      if (!field(id, type)) this.#skip(type, depth + 1);
    }
  }

  /** A list (or set) of elements, each read by `element` from its type. */
  list<T>(element: (type: number) => T, limit?: { max: number; what: string }): T[] {
    const [type, size] = this.#listHeader();
    if (limit !== undefined && size > limit.max)
      throw new Error(`Parquet footer lists ${size} ${limit.what}; at most ${limit.max} are read`);
    return Array.from({ length: size }, () => element(type));
  }

  /** Skips a list or set without keeping its elements (a skipped list may be long). */
  #skipList(depth: number): void {
    const [type, size] = this.#listHeader();
    for (let index = 0; index < size; index++) this.#skipElement(type, depth);
  }

  /**
   * A list's (or set's) element type and size: the size is in the high nibble of its header, or in a varint after it
   * when the nibble is 15.
   */
  #listHeader(): [type: number, size: number] {
    const header = this.#byte();
    return [header & 0x0f, this.#count(header >> 4 === 15 ? this.#varint() : header >> 4)];
  }

  #skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new Error('Parquet footer is nested too deeply');
    if (type === TRUE || type === FALSE) return; // A boolean field's value is its type.
    if (type === BYTE) this.#byte();
    else if (type === I16 || type === I32 || type === I64) this.#varint();
    else if (type === DOUBLE) this.#position += this.#count(8);
    else if (type === BINARY) this.binary();
    else if (type === LIST || type === SET) this.#skipList(depth);
    else if (type === MAP) {
      // A map: a varint size, then (when not empty) one byte with the key type and the value type.
      const size = this.#count();
      const types = size > 0 ? this.#byte() : 0;
      for (let i = 0; i < size; i++) {
        this.#skipElement(types >> 4, depth);
        this.#skipElement(types & 0x0f, depth);
      }
    } else if (type === STRUCT) this.struct(() => false, depth);
    else throw new Error(`Parquet footer has an unknown Thrift type ${type}`);
  }

  /** A collection element: as a struct field's value, except that a boolean takes a byte of its own. */
  #skipElement(type: number, depth: number): void {
    if (type === TRUE || type === FALSE) this.#byte();
    else this.#skip(type, depth + 1);
  }
}
