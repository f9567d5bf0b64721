import { describe, expect, test } from 'vitest';
import { countNewlines, joinBytes, lineSegments } from './line-segments.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function* chunked(bytes: Uint8Array, sizes: readonly number[]) {
  let position = 0;
  for (let index = 0; position < bytes.length; index++) {
    const size = sizes[index % sizes.length]!;
    yield bytes.subarray(position, position + size);
    position += size;
  }
}

async function segmentsOf(text: string, sizes: readonly number[]): Promise<string[]> {
  const segments: string[] = [];
  for await (const segment of lineSegments(chunked(encoder.encode(text), sizes)))
    segments.push(decoder.decode(segment));
  return segments;
}

describe('lineSegments', () => {
  const text = 'first line\nsecond ✓ line\n\nfourth, the longest line of all of them\nlast without newline';

  test.each([[[1]], [[3]], [[7, 2, 11]], [[1000]], [[5, 40, 1]]])(
    'chunks of %j give back every byte, cut only after newlines',
    async (sizes) => {
      const segments = await segmentsOf(text, sizes);
      expect(segments.join('')).toBe(text);
      for (const segment of segments.slice(0, -1)) expect(segment.endsWith('\n')).toBe(true);
      expect(segments.at(-1)).toMatch(/last without newline$/);
    },
  );

  test('chunks may be overwritten once the next is asked for (readers reuse buffers)', async () => {
    async function* reused(bytes: Uint8Array, size: number) {
      let previous: Uint8Array | undefined;
      for (let position = 0; position < bytes.length; position += size) {
        previous?.fill(0x21);
        previous = bytes.slice(position, position + size);
        yield previous;
      }
    }
    const segments: string[] = [];
    for await (const segment of lineSegments(reused(encoder.encode(text), 4)))
      segments.push(decoder.decode(segment));
    expect(segments.join('')).toBe(text);
  });

  test('a multi-byte character split between chunks stays whole', async () => {
    const segments = await segmentsOf('ab✓cd\nef', [3]);
    expect(segments).toEqual(['ab✓cd\n', 'ef']);
  });

  test('a final newline leaves nothing behind', async () => {
    expect(await segmentsOf('a\nb\n', [2])).toEqual(['a\n', 'b\n']);
  });

  test('a line longer than many chunks arrives in one segment', async () => {
    const long = 'x'.repeat(10_000);
    const segments = await segmentsOf(`${long}\nshort\n`, [64]);
    expect(segments[0]).toBe(`${long}\n`);
    expect(segments.join('')).toBe(`${long}\nshort\n`);
  });
});

describe('helpers', () => {
  test('joinBytes concatenates and keeps a single part as it is', () => {
    const one = Uint8Array.of(1, 2);
    expect(joinBytes([one], 2)).toBe(one);
    expect([...joinBytes([one, Uint8Array.of(3), Uint8Array.of()], 3)]).toEqual([1, 2, 3]);
  });

  test('countNewlines counts before the end it is given', () => {
    const bytes = encoder.encode('a\nb\n\nc');
    expect(countNewlines(bytes)).toBe(3);
    expect(countNewlines(bytes, 3)).toBe(1);
  });
});
