import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { FileSource } from '../source/file-source.js';
import { createSha256 } from './incremental-sha256.js';
import { webSha256 } from './sha256.js';

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('our SHA-256, for runtimes without node:crypto', () => {
  // Every padding case (short of 56 bytes in the last block, 56 to 63, exact blocks) fed in chunks of every shape.
  const sizes = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 100_003];
  test.each(sizes)(
    '%i random bytes give node:crypto’s digest, in chunks of 1, 7, 64 and 1000 bytes',
    (size) => {
      const data = randomBytes(size);
      for (const chunk of [1, 7, 64, 1000]) {
        const hash = createSha256();
        for (let at = 0; at < size; at += chunk) hash.update(data.subarray(at, at + chunk));
        expect(hash.hex(), `chunks of ${chunk}`).toBe(nodeSha256(data));
      }
    },
  );

  test('the standard’s own examples', () => {
    const hex = (text: string) => {
      const hash = createSha256();
      hash.update(new TextEncoder().encode(text));
      return hash.hex();
    };
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
});

describe('webSha256', () => {
  // A Blob that refuses to be read whole: what a browser does with a File too large for one buffer.
  class StreamOnlyBlob extends Blob {
    override arrayBuffer(): Promise<ArrayBuffer> {
      return Promise.reject(new RangeError('Array buffer allocation failed'));
    }
  }

  test('a Blob above the limit is streamed through our SHA-256, never read whole', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const source: FileSource = {
      kind: 'blob',
      name: 'big.jsonl',
      size: data.length,
      blob: new StreamOnlyBlob([data]),
    };
    expect(await webSha256(source, undefined, 1024 * 1024)).toBe(nodeSha256(data));
    // The same Blob under the limit goes to Web Crypto, which reads it whole: the refusal shows that it did.
    await expect(webSha256(source, undefined, data.length)).rejects.toThrow('Array buffer allocation failed');
  });

  test('bytes, and a Blob within the limit, go to Web Crypto with the same digest', async () => {
    const data = randomBytes(70_000);
    const bytes: FileSource = { kind: 'bytes', name: 'a.jsonl', size: data.length, bytes: data };
    const blob: FileSource = { kind: 'blob', name: 'a.jsonl', size: data.length, blob: new Blob([data]) };
    expect(await webSha256(bytes)).toBe(nodeSha256(data));
    expect(await webSha256(blob)).toBe(nodeSha256(data));
  });

  test('an abort stops the streamed hash', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const source: FileSource = { kind: 'blob', name: 'big.jsonl', size: data.length, blob: new Blob([data]) };
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(webSha256(source, controller.signal, 1024)).rejects.toThrow('stop');
  });
});
