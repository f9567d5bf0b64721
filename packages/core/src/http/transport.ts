import { isBrowser } from '../runtime.js';
import type { FileSource } from '../source/file-source.js';
import { createFetchTransport } from './fetch-transport.js';
import type { HttpAgent } from './options.js';

/** A byte range of a source to send as a request body; `end` is exclusive. */
export interface BodyRange {
  source: FileSource;
  start: number;
  end: number;
}

/**
 * One request on the wire: a PUT of a range to storage, a GET of a file's content, or (on Node) a JSON call, whose
 * body is bytes already in memory.
 */
export interface TransferRequest {
  method: string;
  url: string;
  /** Sent as given (lower-case names); `content-length` is added for bodies. */
  headers: Record<string, string>;
  body?: BodyRange | Uint8Array | undefined;
  signal: AbortSignal;
  /** Called as body bytes are handed to the connection (with the count of each chunk). */
  onSent?: ((bytes: number) => void) | undefined;
}

/** The answer to a {@link TransferRequest}; the body has not been read yet. */
export interface TransferResponse {
  /** 0 when the runtime hides the response (a browser's opaque redirect). */
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The body, read with backpressure. */
  body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body and frees the connection. */
  discard(): void;
}

/** Sends requests; on Node through `node:http(s)` (real backpressure), elsewhere through `fetch`. */
export interface Transport {
  send(request: TransferRequest): Promise<TransferResponse>;
}

/** How core's Node HTTP client reaches the network: the client's `proxy` or `httpAgent` options. */
export interface NetworkOptions {
  proxy?: string | undefined;
  httpAgent?: HttpAgent | undefined;
}

/**
 * The transport for this runtime: `node:http(s)` on Node unless the caller gave their own `fetch` (then that fetch
 * carries transfers too), else `fetch`. `node-transport.ts` loads only here, so browsers never see it.
 */
export async function createTransport(options: {
  fetch?: typeof globalThis.fetch | undefined;
  node: boolean;
  network?: NetworkOptions | undefined;
}): Promise<Transport> {
  // The web build folds this branch away, node-transport.ts with it.
  if (
    !(typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) &&
    options.node &&
    !options.fetch
  ) {
    const { createNodeTransport } = await import('./node-transport.js');
    return createNodeTransport(options.network);
  }
  // Imported, not loaded with `import()`: it is small, and the only `import()` left on a list-only program's path
  // would make a bundler wrap every module it shares with that path in a lazy initializer (0.7 kB gzipped).
  return createFetchTransport(options.fetch ?? ((input, init) => globalThis.fetch(input, init)), {
    browser: isBrowser(),
  });
}
