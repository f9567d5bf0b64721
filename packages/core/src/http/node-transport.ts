import type { Agent, ClientRequest, RequestOptions } from 'node:http';
import type { Readable } from 'node:stream';
import { headerRecord } from '@together-files/check/shared';
import { bodyLength } from './body.js';
import { createProxyAgents } from './node-proxy.js';
import type { HttpAgent } from './options.js';
import type { BodyRange, NetworkOptions, Transport } from './transport.js';

const READ_CHUNK = 256 * 1024;

/**
 * The one HTTP client of core on Node, for JSON calls and byte transfers alike, over `node:http`/`node:https` on
 * their keep-alive global agents. Request bodies are piped from a file stream of the byte range, so memory stays flat
 * whatever the size (Node's fetch buffers a streamed body). Chosen over undici's `fetch` and `request` by the bench's
 * latency and transfer cases (see bench/README.md): it needs no dependency and costs less per call than a bare fetch.
 */
export async function createNodeTransport(network: NetworkOptions = {}): Promise<Transport> {
  const [open, { pipeline }, { Transform }] = await Promise.all([
    connector(network),
    import('node:stream/promises'),
    import('node:stream'),
  ]);
  const openRange = await rangeReader();
  const deno = isDeno();
  return {
    send(request) {
      return new Promise((resolve, reject) => {
        const url = new URL(request.url);
        const headers: Record<string, string> = { ...request.headers };
        const { body } = request;
        if (body) headers['content-length'] = String(bodyLength(body));
        // Deno's node:https (2.9.6) keeps a connection whose request body was piped in its pool but cannot send on it
        // again: the next request to that host waits until that connection closes (the server's idle close, else our
        // idle timeout aborts it and Deno resends). It closes after its answer instead; Node and Bun keep theirs.
        // Measured by the matrix's https rows (tests/matrix/https-rows.mjs), which fail a round trip that waited.
        if (deno && body && !(body instanceof Uint8Array) && url.protocol === 'https:')
          headers.connection = 'close';
        const client = open(url, { method: request.method, headers, signal: request.signal });
        // `on`, not `once`: a second error (say, after an early answer) must not go unhandled.
        client.on('error', reject);
        client.once('response', (response) => {
          resolve({
            status: response.statusCode ?? 0,
            headers: headerRecord(response.headers),
            body: response,
            discard: () => response.destroy(),
          });
        });
        if (!body) {
          client.end();
          return;
        }
        const { onSent } = request;
        if (body instanceof Uint8Array) {
          // A JSON call's body, already in memory: one write, no stream.
          client.end(body, () => onSent?.(body.byteLength));
          return;
        }
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            onSent?.(chunk.length);
            done(null, chunk);
          },
        });
        // A failed pipe destroys the request, whose 'error' rejects; the storage may also answer early (a 403).
        pipeline(openRange(body), counter, client).catch(reject);
      });
    },
  };
}

/**
 * The one place where core opens a connection on Node: the scheme picks `node:http` or `node:https`; the caller's
 * `httpAgent` carries every request, else the proxy settings (node-proxy.ts) give an agent per URL; without either,
 * the global keep-alive agents.
 */
async function connector(
  network: NetworkOptions,
): Promise<(url: URL, options: RequestOptions) => ClientRequest> {
  const { httpAgent } = network;
  const [http, https, agentFor] = await Promise.all([
    import('node:http'),
    import('node:https'),
    httpAgent && isNodeAgent(httpAgent) ? () => httpAgent : createProxyAgents({ proxy: network.proxy }),
  ]);
  return (url, options) => {
    const agent = agentFor(url);
    return (url.protocol === 'https:' ? https : http).request(url, { ...(agent && { agent }), ...options });
  };
}

/**
 * Whether the caller's agent is what `node:http` takes. `resolveOptions` (options.ts) already refused an agent without
 * `addRequest`, the one method `node:http` calls on it; this says so to the types without a cast.
 */
function isNodeAgent(agent: HttpAgent): agent is HttpAgent & Agent {
  return typeof agent.addRequest === 'function';
}

/** True on Deno, whose `node:https` needs the workaround above; Node and Bun have no `Deno` global. */
function isDeno(): boolean {
  return typeof (globalThis as { Deno?: { version?: unknown } }).Deno?.version === 'object';
}

/** Returns a function that opens a Node stream of a byte range: a file read stream, a Blob slice, or bytes. */
async function rangeReader(): Promise<(range: BodyRange) => Readable> {
  const [{ createReadStream }, { Readable }] = await Promise.all([import('node:fs'), import('node:stream')]);
  return ({ source, start, end }) => {
    if (source.kind === 'path') {
      return createReadStream(source.path, { start, end: end - 1, highWaterMark: READ_CHUNK });
    }
    if (source.kind === 'blob') {
      return Readable.fromWeb(source.blob.slice(start, end).stream() as never);
    }
    return Readable.from(chunksOf(source.bytes.subarray(start, end)));
  };
}

function* chunksOf(bytes: Uint8Array): Generator<Buffer> {
  for (let offset = 0; offset < bytes.byteLength; offset += READ_CHUNK) {
    const piece = bytes.subarray(offset, Math.min(offset + READ_CHUNK, bytes.byteLength));
    yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  }
}
