import { TogetherError } from '../errors/together-error.js';
import type { TransferRequest, TransferResponse, Transport } from './transport.js';
import { isUnsafeHost } from './unsafe-host.js';

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 307, 308]);
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
