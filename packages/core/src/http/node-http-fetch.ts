import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { createProxyAgents } from './node-proxy.js';
import type { PlainRequest } from './plain-request.js';

type Decoder = (bytes: Buffer) => Promise<Buffer>;

/**
 * The `fetch` of our JSON calls on Node: one `node:http(s)` request on the keep-alive global agent, the answer read
 * whole and handed to openapi-fetch as a small Response. Undici's `fetch` spends most of a loopback call's client
 * time in its Request, Response and web-stream machinery; this path costs about a fifth less per call than a bare
 * `fetch`. A body that is not text or bytes (a form) still goes to `fetch`.
 */
export async function createNodeFetch(): Promise<(request: PlainRequest) => Promise<Response>> {
  // Loaded here, not at the top: browser bundles keep this file, and must only ever see Node built-ins dynamically.
  const [http, https, { promisify }, zlib, agentFor] = await Promise.all([
    import('node:http'),
    import('node:https'),
    import('node:util'),
    import('node:zlib'),
    createProxyAgents(),
  ]);
  const decoders: Record<string, Decoder> = {
    gzip: promisify(zlib.gunzip),
    'x-gzip': promisify(zlib.gunzip),
    deflate: promisify(zlib.inflate),
    br: promisify(zlib.brotliDecompress),
  };
  const decode = async (bytes: Buffer, encoding: string | undefined): Promise<Buffer> => {
    const name = encoding?.trim().toLowerCase();
    if (!name || name === 'identity') return bytes;
    const decoder = decoders[name];
    if (!decoder) throw new Error(`Unsupported Content-Encoding: ${encoding}`);
    return decoder(bytes);
  };
  return (request) => send(request, { http, https, decode, agentFor });
}

interface Modules {
  http: typeof import('node:http');
  https: typeof import('node:https');
  agentFor: (url: URL) => import('node:http').Agent | undefined;
  decode: (bytes: Buffer, encoding: string | undefined) => Promise<Buffer>;
}

/** One request on the wire: what a redirect may change (URL, method, body, headers) kept apart from the rest. */
interface Hop {
  url: string;
  method: string;
  /** Lower-case names; `content-length` already set for a payload. */
  headers: Record<string, string>;
  payload: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
  follow: boolean;
}

const MAX_REDIRECTS = 20;

function send(request: PlainRequest, modules: Modules): Promise<Response> {
  const { body } = request;
  const payload = typeof body === 'string' || body instanceof URLSearchParams ? String(body) : body;
  if (payload != null && typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    // A form or a stream (the browser's one-shot upload, never sent from Node): `fetch` encodes those.
    return globalThis.fetch(request.url, request);
  }
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (payload != null) headers['content-length'] = String(Buffer.byteLength(payload));
  const hop: Hop = {
    url: request.url,
    method: request.method,
    headers,
    payload: payload ?? undefined,
    signal: request.signal ?? undefined,
    follow: request.redirect !== 'manual',
  };
  return exchange(hop, modules, 0);
}

function exchange(hop: Hop, modules: Modules, redirects: number): Promise<Response> {
  const { http, https, decode, agentFor } = modules;
  return new Promise<Response>((resolve, reject) => {
    const url = new URL(hop.url);
    const agent = agentFor(url);
    const outgoing = (url.protocol === 'https:' ? https : http).request(url, {
      ...(agent && { agent }),
      method: hop.method,
      headers: hop.headers,
      signal: hop.signal,
    });
    outgoing.on('error', reject);
    outgoing.once('response', (incoming) => {
      const status = incoming.statusCode ?? 0;
      const { location } = incoming.headers;
      if (hop.follow && isRedirect(status) && location) {
        // The API never redirects a JSON call, but a base URL behind a proxy may; follow it as `fetch` would.
        incoming.resume();
        if (redirects >= MAX_REDIRECTS) reject(new Error(`More than ${MAX_REDIRECTS} redirects.`));
        else resolve(exchange(redirected(hop, status, url, new URL(location, url)), modules, redirects + 1));
        return;
      }
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('close', () => {
        if (!incoming.complete) reject(new Error('The connection closed before the response body ended.'));
      });
      incoming.on('end', () => {
        decode(Buffer.concat(chunks), incoming.headers['content-encoding']).then(
          (bytes) =>
            resolve(new NodeResponse(status, incoming, bytes, hop.url, redirects > 0) as unknown as Response),
          reject,
        );
      });
    });
    outgoing.end(hop.payload);
  });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The next hop by the fetch standard's rules: 303 (and 301/302 after a POST) turn into a GET without a body;
 * credentials never go to another origin.
 */
function redirected(hop: Hop, status: number, from: URL, target: URL): Hop {
  const headers = { ...hop.headers };
  let { method, payload } = hop;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    payload = undefined;
    delete headers['content-type'];
    delete headers['content-length'];
  }
  if (target.origin !== from.origin) {
    delete headers.authorization;
    delete headers.cookie;
  }
  return { ...hop, url: target.href, method, payload, headers };
}

/**
 * The parts of `Response` that openapi-fetch and our calls read: status, headers, and the body as text, JSON or
 * bytes. Typed as a `Response` where it is returned; nothing outside core sees it.
 */
class NodeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly redirected: boolean;
  readonly type = 'basic';
  readonly url: string;
  #bytes: Buffer;
  #used = false;

  constructor(status: number, incoming: IncomingMessage, bytes: Buffer, url: string, redirected: boolean) {
    this.status = status;
    this.statusText = incoming.statusMessage ?? '';
    this.ok = status >= 200 && status < 300;
    this.headers = new NodeHeaders(incoming.headers) as unknown as Headers;
    this.url = url;
    this.redirected = redirected;
    this.#bytes = bytes;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  get body(): ReadableStream<Uint8Array> {
    const bytes = this.#take();
    return new ReadableStream({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }

  text(): Promise<string> {
    return this.#read((bytes) => bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    return this.#read((bytes) => JSON.parse(bytes.toString('utf8')));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read((bytes) => new Uint8Array(bytes).buffer);
  }

  // As `Response` does: a second read, or JSON that does not parse, rejects rather than throws.
  #read<T>(convert: (bytes: Buffer) => T): Promise<T> {
    try {
      return Promise.resolve(convert(this.#take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body has already been used.');
    this.#used = true;
    return this.#bytes;
  }
}

/**
 * The response headers as `Headers` reads them (get, has, forEach, iteration), over the record `node:http` already
 * parsed: building an undici `Headers` for every answer cost more than everything else in this file.
 */
class NodeHeaders {
  #record: IncomingHttpHeaders;

  constructor(record: IncomingHttpHeaders) {
    this.#record = record;
  }

  get(name: string): string | null {
    const value = this.#record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.#record[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, name: string, headers: this) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#record).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
