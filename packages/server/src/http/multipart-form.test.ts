import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { HttpError } from './errors.js';
import { boundaryOf, type FormPart, parseMultipartForm } from './multipart-form.js';

const BOUNDARY = 'XyZ-boundary-123';

function body(file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `preamble to ignore\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n`,
    ),
    Buffer.from('fine-tune\r\n'),
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".jsonl"\r\n`,
    ),
    Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
    file,
    Buffer.from(
      `\r\n--${BOUNDARY}\r\ncontent-disposition: form-data; name="file_name"\r\n\r\nnamé.jsonl\r\n`,
    ),
    Buffer.from(`--${BOUNDARY}--\r\nepilogue`),
  ]);
}

async function* chunked(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let index = 0; offset < data.length; index++) {
    const size = sizes[index % sizes.length]!;
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

async function parse(data: Buffer, sizes: number[]) {
  const files: Array<{ part: FormPart; bytes: Buffer }> = [];
  const fields = await parseMultipartForm(chunked(data, sizes), {
    boundary: BOUNDARY,
    onFile: async (part) => {
      const chunks: Buffer[] = [];
      files.push({ part, bytes: Buffer.alloc(0) });
      return {
        write: async (chunk) => {
          chunks.push(Buffer.from(chunk));
        },
        end: async () => {
          files[files.length - 1]!.bytes = Buffer.concat(chunks);
        },
      };
    },
  });
  return { fields, files };
}

describe('parseMultipartForm', () => {
  // Bytes that look like the start of a delimiter must survive any chunking.
  const file = Buffer.concat([
    randomBytes(3000),
    Buffer.from(`\r\n--${BOUNDARY.slice(0, 8)}\r\n--`),
    randomBytes(500),
  ]);

  test.each([[[1]], [[2, 3]], [[7]], [[16, 1, 5]], [[64]], [[1000]], [[1 << 20]]])(
    'fields and file bytes come out whole with chunks of %o bytes',
    async (sizes) => {
      const { fields, files } = await parse(body(file), sizes);
      expect(fields).toEqual({ purpose: 'fine-tune', file_name: 'namé.jsonl' });
      expect(files).toHaveLength(1);
      expect(files[0]!.part).toEqual({
        name: 'file',
        filename: 'a "b".jsonl',
        contentType: 'application/octet-stream',
      });
      expect(files[0]!.bytes.equals(file)).toBe(true);
    },
  );

  test('every split point of a small form gives the same result', async () => {
    const small = body(Buffer.from('{"text":"x"}\n'));
    for (let split = 1; split < small.length; split++) {
      const { fields, files } = await parse(small, [split, small.length]);
      expect(fields.purpose).toBe('fine-tune');
      expect(files[0]!.bytes.toString()).toBe('{"text":"x"}\n');
    }
  });

  test('filename* (RFC 5987) is decoded', async () => {
    const data = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''d%C3%A9j%C3%A0.csv\r\n\r\nx\r\n--${BOUNDARY}--`,
    );
    const { files } = await parse(data, [10]);
    expect(files[0]!.part.filename).toBe('déjà.csv');
  });

  test.each([
    ['a missing closing boundary', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue`],
    ['a part without a name', `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${BOUNDARY}--`],
    ['no boundary at all', 'just text'],
  ])('%s is a 400', async (_, text) => {
    const error = await parse(Buffer.from(text), [5]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
  });

  test('a text field over the limit is a 400', async () => {
    const data = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(100)}\r\n--${BOUNDARY}--`,
    );
    await expect(
      parseMultipartForm(chunked(data, [9]), { boundary: BOUNDARY, maxFieldBytes: 50 }),
    ).rejects.toThrow(/longer than 50 bytes/);
  });
});

describe('boundaryOf', () => {
  test.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; charset=utf-8; boundary="a b:c"', 'a b:c'],
    ['Multipart/Form-Data;boundary=xyz', 'xyz'],
    ['multipart/form-data', undefined],
    ['application/x-www-form-urlencoded', undefined],
    [undefined, undefined],
  ])('%s → %s', (contentType, expected) => {
    expect(boundaryOf(contentType)).toBe(expected);
  });
});
