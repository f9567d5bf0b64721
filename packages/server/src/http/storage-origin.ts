import type { IncomingMessage } from 'node:http';

/** A `Host` header that is only a name or address and an optional port: nothing that could bend a URL. */
const PLAIN_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Where the server listens and what it was told about how clients reach it. */
export interface StorageOriginOptions {
  /** `http://HOST:PORT` of the listening socket (loopback standing in for every interface). */
  listenUrl: string;
  /** True when the socket listens on every interface (`0.0.0.0`, `::`). */
  wildcard: boolean;
  /** The origin clients use, when the operator gave one (`--public-url`). */
  publicUrl?: string;
}

/** Checks and normalises a `publicUrl` to its origin (`http(s)://host[:port]`); throws on anything else. */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid public URL ${JSON.stringify(value)}: expected http://HOST[:PORT]`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new Error(`Invalid public URL ${JSON.stringify(value)}: expected http://HOST[:PORT]`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`Invalid public URL ${JSON.stringify(value)}: give the origin only, without a path`);
  }
  return url.origin;
}

/**
 * How a request's storage URLs start. A server on every interface cannot know which of its addresses a client
 * reached, so it uses the `Host` the client sent (the address that client can reach; a bad `Host` only misleads
 * the one who sent it), unless `publicUrl` says. A server on one address uses that address.
 */
export function storageOriginFor(options: StorageOriginOptions): (request: IncomingMessage) => string {
  const { listenUrl, wildcard, publicUrl } = options;
  if (publicUrl !== undefined) return () => publicUrl;
  if (!wildcard) return () => listenUrl;
  return (request) => {
    const host = request.headers.host;
    return host !== undefined && PLAIN_HOST.test(host) ? `http://${host}` : listenUrl;
  };
}
