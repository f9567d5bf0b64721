import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Why a storage URL was refused. */
export type SignatureProblem = 'missing' | 'tampered' | 'expired';

/** How to sign. */
export interface UrlSignerOptions {
  /** The origin URLs point at, e.g. `http://127.0.0.1:8787`. */
  origin: string;
  /** How long a URL stays valid, in seconds. */
  ttlSeconds: number;
  /** The HMAC key; a random one when not given (the server keeps one per data folder, see signing-key.ts). */
  secret?: Buffer;
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
}

/**
 * Presigned storage URLs: the path and an expiry, signed with HMAC-SHA256 in the query (`expires`, `signature`),
 * so no credentials are needed to PUT. A URL may be PUT again until it expires, as on S3; the upload state (pending
 * or finished) decides whether its bytes are still taken, not the signature.
 */
export class UrlSigner {
  private readonly options: UrlSignerOptions;
  private readonly secret: Buffer;

  constructor(options: UrlSignerOptions) {
    this.options = options;
    this.secret = options.secret ?? randomBytes(32);
  }

  /** How long a URL stays valid, in seconds. */
  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private signature(method: string, path: string, expires: string): Buffer {
    return createHmac('sha256', this.secret).update(`${method}\n${path}\n${expires}`).digest();
  }

  /**
   * A full URL for `method` on `path` (already percent-encoded), valid for the configured time, at `origin` (the
   * configured one by default). The origin is not signed: the path and expiry are what a URL grants.
   */
  sign(method: string, path: string, origin = this.options.origin): string {
    const expires = String(Math.floor(this.now() / 1000) + this.options.ttlSeconds);
    const signature = this.signature(method, path, expires).toString('hex');
    return `${origin}${path}?expires=${expires}&signature=${signature}`;
  }

  /** Checks the query of a request on `path`; `undefined` when it is good. */
  verify(method: string, path: string, query: URLSearchParams): SignatureProblem | undefined {
    const expires = query.get('expires');
    const given = query.get('signature');
    if (!expires || !given) return 'missing';
    const expected = this.signature(method, path, expires);
    const actual = Buffer.from(given, 'hex');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected) || !/^\d+$/.test(expires)) {
      return 'tampered';
    }
    return Number(expires) * 1000 < this.now() ? 'expired' : undefined;
  }
}
