import { TogetherError } from '../errors/together-error.js';
import type { TransferRequest, TransferResponse, Transport } from './transport.js';
import { isUnsafeHost } from './unsafe-host.js';

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The one redirect policy of core: JSON calls, uploads and downloads follow hops by these rules. */
export interface RedirectPolicy {
  /** Hops allowed (default 3). */
  maxHops?: number;
  /** The API base URL is http: then http hops are allowed, else https only (never https → http). */
  allowHttp: boolean;
  /**
   * The API's origin: a redirect it answers with is the API's own (a content download's hop to its storage), exempt
   * from the host rules. Hops that any other origin answers with may not reach loopback, private or metadata hosts.
   */
  trustedOrigin?: string | undefined;
  /** Headers to drop when a hop changes origin (credentials and the caller's own default headers). */
  dropOnNewOrigin?: readonly string[];
}

/**
 * Sends a request and follows a few redirects itself, re-sending the body (a range is re-read). Every hop must be
 * https unless the base URL is http; a hop not issued by the API may not reach loopback, private or metadata hosts;
 * `authorization`, `cookie` and `dropOnNewOrigin` never go to another origin. Methods change as the fetch standard
 * says (a 303, or a 301/302 after a POST, turns into a GET without a body), except that an upload of a byte range
 * answered with 303 is returned as is: following it would turn the upload into a GET that stores nothing.
 */
export async function sendFollowingRedirects(
  transport: Transport,
  request: TransferRequest,
  policy: RedirectPolicy,
): Promise<TransferResponse> {
  const { maxHops = 3, trustedOrigin, dropOnNewOrigin = [] } = policy;
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
    const toGet = turnsIntoGet(response.status, current);
    if (toGet === undefined) return response;
    response.discard();
    if (hop > maxHops)
      throw new TogetherError(`Too many redirects (more than ${maxHops}) from ${redactURL(request.url)}.`);
    const from = new URL(current.url);
    const next = new URL(location, from);
    checkHop(next, policy.allowHttp, from.origin !== trustedOrigin);
    const headers = { ...current.headers };
    if (next.origin !== from.origin) {
      for (const name of ['authorization', 'cookie', ...dropOnNewOrigin]) delete headers[name];
    }
    if (toGet) {
      delete headers['content-type'];
      delete headers['content-length'];
      current = { ...current, method: 'GET', body: undefined, url: next.href, headers };
    } else current = { ...current, url: next.href, headers };
  }
}

/** Whether a redirect turns the request into a GET; `undefined` when it is not followed at all. */
function turnsIntoGet(status: number, request: TransferRequest): boolean | undefined {
  if (status === 303) {
    if (request.method === 'GET' || request.method === 'HEAD') return false;
    return request.body instanceof Uint8Array || request.body === undefined ? true : undefined;
  }
  return (status === 301 || status === 302) && request.method === 'POST';
}

function checkHop(url: URL, allowHttp: boolean, checkHost: boolean): void {
  const allowed = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  if (!allowed || (checkHost && isUnsafeHost(url.hostname))) {
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
