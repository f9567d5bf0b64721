import type { Transform } from 'node:stream';
import { headerRecord } from '@together-files/check/shared';
import { MAX_JSON_BODY, ResponseTooLargeError } from '../errors/response-errors.js';
import { type RedirectPolicy, sendFollowingRedirects } from './redirects.js';
import type { TransferResponse, Transport } from './transport.js';

/** A fetch-compatible function: openapi-fetch's contract for its `fetch` option. */
export type FetchFunction = (request: Request) => Promise<Response>;

// Statuses whose Response may not have a body (the fetch standard's "null body status").
const NULL_BODY: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * The `fetch` of JSON calls on Node, over core's one HTTP client ({@link Transport}): the request goes out as
 * `node:http` sends it, redirects follow the same {@link RedirectPolicy} as transfers, and the answer is decoded and
 * read whole, capped at {@link MAX_JSON_BODY} bytes, before it is handed back as a `Response`. Undici's own `fetch`
 * spends much of a loopback call in its dispatcher and stream machinery; this path measured below it (bench latency).
 */
export async function createNodeFetch(transport: Transport, policy: RedirectPolicy): Promise<FetchFunction> {
  const decode = await decoder();
  return async (request) => {
    const headers = headerRecord(request.headers);
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const wire = { method: request.method, url: request.url, headers, body, signal: request.signal };
    const response =
      request.redirect === 'manual'
        ? await transport.send(wire)
        : await sendFollowingRedirects(transport, wire, policy);
    const bytes = await decode(response, MAX_JSON_BODY);
    return new BufferedResponse(NULL_BODY.has(response.status) ? EMPTY : bytes, {
      status: response.status,
      headers: response.headers,
    });
  };
}

const EMPTY = Buffer.alloc(0);

/**
 * A `Response` whose body was already read whole (and capped): `text()`, `json()` and `arrayBuffer()` answer from
 * those bytes. A `Response` built over the bytes would wrap them in a web stream and read that back, which cost about
 * as much as the rest of the call's client side (bench latency).
 */
class BufferedResponse extends Response {
  readonly #bytes: Buffer<ArrayBuffer>;
  #used = false;

  constructor(bytes: Buffer<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes.byteLength === 0) return null;
    const bytes = this.#take();
    return new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  override text(): Promise<string> {
    return this.#read((bytes) => bytes.toString('utf8'));
  }

  override json(): Promise<unknown> {
    return this.#read((bytes) => JSON.parse(bytes.toString('utf8')));
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read((bytes) => new Uint8Array(bytes).buffer);
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#read((bytes) => new Uint8Array(bytes));
  }

  override blob(): Promise<Blob> {
    return this.#read((bytes) => new Blob([bytes], { type: this.headers.get('content-type') ?? '' }));
  }

  override clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }

  // As `Response` does: a second read, or JSON that does not parse, rejects rather than throws.
  #read<T>(convert: (bytes: Buffer<ArrayBuffer>) => T): Promise<T> {
    try {
      return Promise.resolve(convert(this.#take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #take(): Buffer<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body has already been used.');
    this.#used = true;
    return this.#bytes;
  }
}

/**
 * The one place that decodes a body (`Content-Encoding` gzip, deflate or br) and caps it: the read stops, and the
 * connection is dropped, as soon as the decoded bytes pass `limit`, so a small compressed answer cannot inflate into
 * gigabytes. Node's zlib streams inflate in 16 KiB steps, so no more than that is ever held past the limit.
 */
async function decoder(): Promise<
  (response: TransferResponse, limit: number) => Promise<Buffer<ArrayBuffer>>
> {
  const [zlib, { pipeline }] = await Promise.all([import('node:zlib'), import('node:stream')]);
  const decoders: Record<string, () => Transform> = {
    gzip: () => zlib.createGunzip(),
    'x-gzip': () => zlib.createGunzip(),
    deflate: () => zlib.createInflate(),
    br: () => zlib.createBrotliDecompress(),
  };
  return async (response, limit) => {
    const name = response.headers['content-encoding']?.trim().toLowerCase();
    let chunks: AsyncIterable<Uint8Array> = response.body;
    if (name && name !== 'identity') {
      const create = decoders[name];
      if (!create) {
        response.discard();
        throw new Error(`Unsupported Content-Encoding: ${name}`);
      }
      // The callback form: a failure on either side destroys the decoder, which ends the loop below with it.
      chunks = pipeline(response.body, create(), () => {});
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > limit) {
        response.discard();
        throw new ResponseTooLargeError({ limit });
      }
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  };
}
