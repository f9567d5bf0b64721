import { isNode } from './runtime.js';

// One fatal decoder serves every exact decode: decode() without `stream` keeps no state between calls. `ignoreBOM`
// keeps a byte order mark in the text, so a BOM is reported rather than silently dropped at a segment start.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text decoded from UTF-8, or the offset of the first byte that is not valid UTF-8. */
export type DecodedText = { text: string; invalidAt?: undefined } | { text?: undefined; invalidAt: number };

/** Decodes `bytes` as strict UTF-8 (no replacement characters); on failure, says where the first bad byte is. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const invalidAt = findInvalidUtf8(bytes);
    // The native decoder is the authority; should the byte scan disagree, blame the start of the bytes.
    return { invalidAt: Math.max(invalidAt, 0) };
  }
}

/**
 * Validates UTF-8 and turns bytes into text that JSON and CSV syntax read exactly as they read the real text.
 * `exact` recovers the real text of a piece of `decode`'s output, for messages that quote it.
 */
export interface SyntaxDecoder {
  /** Validates `bytes` as UTF-8 and returns their syntax-equivalent text, or where the first bad byte is. */
  decode(bytes: Uint8Array): DecodedText;
  /** The real text of a piece of `decode`'s output. */
  exact(text: string): string;
}

/**
 * Decodes whole lines with `decoder`. When a byte is not valid UTF-8: the text of the lines before the line that
 * holds it, and where it is. Those lines come first in the file, so a reader checks them before it reports the byte.
 */
export function decodeValidLines(
  decoder: SyntaxDecoder,
  bytes: Uint8Array,
): { text: string; invalidAt?: number | undefined } {
  const decoded = decoder.decode(bytes);
  if (decoded.text !== undefined) return decoded;
  const badLineStart = bytes.lastIndexOf(10, decoded.invalidAt) + 1;
  return { text: decoder.decode(bytes.subarray(0, badLineStart)).text ?? '', invalidAt: decoded.invalidAt };
}

const exactDecoder: SyntaxDecoder = { decode: decodeUtf8, exact: (text) => text };

/**
 * The fastest syntax decoder of the runtime. On Node: `isUtf8` (SIMD) validates, then the bytes become text one byte
 * one character (Latin-1), several times faster than decoding UTF-8 into UTF-16 and keeping strings one byte wide.
 * That text is syntax-equivalent: JSON and CSV syntax is ASCII, which Latin-1 keeps, and every byte of a multi-byte
 * character becomes a non-ASCII character, which is as welcome inside a JSON string as the real one. Elsewhere:
 * the strict TextDecoder. `node:buffer` is loaded on demand, so browsers never see it.
 */
export async function loadSyntaxDecoder(): Promise<SyntaxDecoder> {
  // The web build has no Node: the branch folds to the strict decoder there, and the Node one drops out with its
  // `node:buffer` import (a branch after a bare `return` would keep the import, and the stub chunk with it).
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !isNode()) {
    return exactDecoder;
  } else {
    return nodeSyntaxDecoder();
  }
}

async function nodeSyntaxDecoder(): Promise<SyntaxDecoder> {
  const { Buffer, isUtf8 } = await import('node:buffer');
  if (typeof isUtf8 !== 'function') return exactDecoder;
  return {
    decode(bytes) {
      if (!isUtf8(bytes)) return { invalidAt: Math.max(findInvalidUtf8(bytes), 0) };
      return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
    },
    exact: (text) => decoder.decode(Buffer.from(text, 'latin1')),
  };
}

/**
 * The offset of the first byte of the first invalid UTF-8 sequence in `bytes` (overlong forms, surrogates, code
 * points past U+10FFFF and truncated sequences are invalid), or -1 when all of it is valid.
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.byteLength): number {
  let index = start;
  while (index < end) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // past U+10FFFF
    } else return index;
    if (index + length > end) return index;
    const second = bytes[index + 1]!;
    if (second < low || second > high) return index;
    for (let offset = 2; offset < length; offset++) {
      const next = bytes[index + offset]!;
      if (next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}
