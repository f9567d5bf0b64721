import { describe, expect, test } from 'vitest';
import { UrlSigner } from './presign.js';

function signer(now: { value: number }, secret = Buffer.alloc(32, 7)) {
  return new UrlSigner({ origin: 'http://127.0.0.1:1', ttlSeconds: 60, secret, now: () => now.value });
}

function parts(url: string) {
  const parsed = new URL(url);
  return { path: parsed.pathname, query: parsed.searchParams };
}

describe('UrlSigner', () => {
  test('a URL it signed verifies until it expires, then answers expired', () => {
    const now = { value: 1_000_000_000_000 };
    const urls = signer(now);
    const { path, query } = parts(urls.sign('PUT', '/storage/file-a'));
    expect(urls.verify('PUT', path, query)).toBeUndefined();
    now.value += 59_000;
    expect(urls.verify('PUT', path, query)).toBeUndefined();
    now.value += 2_000;
    expect(urls.verify('PUT', path, query)).toBe('expired');
  });

  test('another path, method, expiry, signature or key is tampered; a missing part is missing', () => {
    const now = { value: 1_000_000_000_000 };
    const urls = signer(now);
    const { path, query } = parts(urls.sign('PUT', '/storage/file-a'));
    expect(urls.verify('PUT', '/storage/file-b', query)).toBe('tampered');
    expect(urls.verify('GET', path, query)).toBe('tampered');
    const later = new URLSearchParams(query);
    later.set('expires', String(Number(query.get('expires')) + 3600));
    expect(urls.verify('PUT', path, later)).toBe('tampered');
    const flipped = new URLSearchParams(query);
    const signature = query.get('signature')!;
    flipped.set('signature', `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`);
    expect(urls.verify('PUT', path, flipped)).toBe('tampered');
    const short = new URLSearchParams(query);
    short.set('signature', 'abc');
    expect(urls.verify('PUT', path, short)).toBe('tampered');
    expect(signer(now, Buffer.alloc(32, 8)).verify('PUT', path, query)).toBe('tampered');
    const missing = new URLSearchParams(query);
    missing.delete('expires');
    expect(urls.verify('PUT', path, missing)).toBe('missing');
  });
});
