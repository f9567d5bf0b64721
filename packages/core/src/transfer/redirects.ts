import { TogetherError } from '../errors/together-error.js';
import type { TransferRequest, TransferResponse, Transport } from './transport.js';

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 307, 308]);
const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * True for hosts a redirect must not lead to: loopback, private and link-local ranges (cloud metadata lives at
 * 169.254.169.254), carrier-grade NAT, unspecified addresses and metadata names. Literal checks only, no DNS.
 */
export function isUnsafeHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || METADATA_HOSTS.has(host)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : mapped?.[1];
  if (ipv4) return isUnsafeIPv4(ipv4.split('.').map(Number));
  if (host.includes(':')) return isUnsafeIPv6(host);
  return false;
}

function isUnsafeIPv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isUnsafeIPv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const first = Number.parseInt(host.split(':')[0] || '0', 16);
  // fc00::/7 unique local (AWS metadata fd00:ec2::254 is in it), fe80::/10 link-local, ff00::/8 multicast.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}

/** How {@link sendFollowingRedirects} treats the hops after the first URL. */
export interface RedirectPolicy {
  /** Hops allowed (default 3). */
  maxHops?: number;
  /** The API base URL is http: then http hops are allowed, else https only. */
  allowHttp: boolean;
  /** Leading hops the API itself issued (a content download's first redirect), exempt from the host rules. */
  trustedHops?: number;
  /** Headers to drop when a hop changes origin (credentials meant for the API). */
  dropOnNewOrigin?: readonly string[];
}

/**
 * Sends a transfer and follows a few redirects itself, re-sending the body (the source is re-read). Hops that the
 * API did not issue must be https (unless the base URL is http) and may not reach loopback, private or metadata hosts.
 */
export async function sendFollowingRedirects(
  transport: Transport,
  request: TransferRequest,
  policy: RedirectPolicy,
): Promise<TransferResponse> {
  const { maxHops = 3, trustedHops = 0, dropOnNewOrigin = [] } = policy;
  let current = request;
  for (let hop = 1; ; hop++) {
    const response = await transport.send(current);
    const location = response.headers.location;
    if (response.status === 0) {
      throw new TogetherError(
        `${current.method} ${redactURL(current.url)} was redirected, which this runtime cannot follow.`,
      );
    }
    if (!REDIRECTS.has(response.status) || !location) return response;
    response.discard();
    if (hop > maxHops)
      throw new TogetherError(`Too many redirects (more than ${maxHops}) from ${redactURL(request.url)}.`);
    const next = new URL(location, current.url);
    if (hop > trustedHops) checkHop(next, policy.allowHttp);
    const headers = { ...current.headers };
    if (next.origin !== new URL(current.url).origin) for (const name of dropOnNewOrigin) delete headers[name];
    current = { ...current, url: next.href, headers };
  }
}

function checkHop(url: URL, allowHttp: boolean): void {
  const allowed = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  if (!allowed || isUnsafeHost(url.hostname)) {
    throw new TogetherError(
      `Refusing to follow a redirect to ${redactURL(url.href)}: only ${allowHttp ? 'http(s)' : 'https'} hosts outside loopback, private and metadata ranges are allowed.`,
    );
  }
}

/** A URL without its query string, which on storage URLs carries the signature. */
export function redactURL(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?[redacted]`;
}
