import { describe, expect, test } from 'vitest';
import { checkFineTuneSample } from './fine-tune-format.js';
import { decodeUtf8, findInvalidUtf8, loadSyntaxDecoder } from './utf8.js';

const encoder = new TextEncoder();

describe('findInvalidUtf8', () => {
  test('agrees with the strict TextDecoder on random bytes', () => {
    // A fixed linear congruential sequence: the same "random" bytes on every run.
    let seed = 12_345;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let round = 0; round < 3_000; round++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 12) }, () => {
        const pick = next() % 4;
        return pick === 0 ? next() % 0x80 : pick === 1 ? 0x80 + (next() % 0x40) : 0xc0 + (next() % 0x40);
      });
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      expect(findInvalidUtf8(bytes) < 0, `bytes ${[...bytes].map((byte) => byte.toString(16))}`).toBe(valid);
    }
  });

  test('points at the start of the first bad sequence', () => {
    expect(findInvalidUtf8(Uint8Array.of(0x61, 0xe2, 0x9c, 0x93, 0x62, 0xe2, 0x28))).toBe(5);
    expect(findInvalidUtf8(encoder.encode('ok ✓ 😀'))).toBe(-1);
    expect(decodeUtf8(Uint8Array.of(0x61, 0xff))).toEqual({ invalidAt: 1 });
  });
});

describe('the syntax decoder', () => {
  // Lines whose verdicts must not change when the text is only syntax-equivalent (Latin-1 on Node).
  const lines = [
    '{"text": "café ✓ 😀"}',
    '{"tëxt": "a"}',
    '{"messages": [{"role": "usér", "content": "q"}, {"role": "assistant", "content": "a"}]}',
    '{"messages": [{"role": "user", "content": "ü"}, {"role": "assistant", "content": "é"}]}',
    '{"text": "\\u00e9\\ud83d\\ude00"}',
    '{"text": "a\tb"}',
    '{"text": "ok"}\u00a0',
    '\ufeff{"text": "bom"}',
    '{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,ü"}}]}, {"role": "assistant", "content": "a"}]}',
  ];

  test.each(lines)('%s gets the same verdict from syntax-equivalent text', async (line) => {
    const syntax = await loadSyntaxDecoder();
    const bytes = encoder.encode(line);
    const text = syntax.decode(bytes).text!;
    expect(syntax.exact(text)).toBe(line);
    expect(verdictOf(text)).toEqual(verdictOf(line));
  });

  test('invalid bytes are found by the fast decoder too', async () => {
    const syntax = await loadSyntaxDecoder();
    expect(syntax.decode(Uint8Array.of(0x7b, 0x22, 0xc3, 0x28))).toEqual({ invalidAt: 2 });
  });
});

function verdictOf(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'invalid JSON';
  }
  const verdict = checkFineTuneSample(value as Record<string, unknown>);
  return verdict.finding?.rule ?? verdict.format ?? 'no verdict';
}
