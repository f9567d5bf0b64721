import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { createProxyAgents } from '../http/node-proxy.js';
import type { BodyRange, Transport } from './transport.js';

const READ_CHUNK = 256 * 1024;

/**
 * A transport over `node:http`/`node:https`: request bodies are piped from a file stream of the byte range, so
 * memory stays flat whatever the size (Node's fetch buffers a streamed body).
 */
export async function createNodeTransport(): Promise<Transport> {
  const [http, https, { pipeline }, { Transform }, agentFor] = await Promise.all([
    import('node:http'),
    import('node:https'),
    import('node:stream/promises'),
    import('node:stream'),
    createProxyAgents(),
  ]);
  const openRange = await rangeReader();
  return {
    send(request) {
      return new Promise((resolve, reject) => {
        const url = new URL(request.url);
        const headers: Record<string, string> = { ...request.headers };
        if (request.body) headers['content-length'] = String(request.body.end - request.body.start);
        const agent = agentFor(url);
        const client = (url.protocol === 'https:' ? https : http).request(url, {
          ...(agent && { agent }),
          method: request.method,
          headers,
          signal: request.signal,
        });
        // `on`, not `once`: a second error (say, after an early answer) must not go unhandled.
        client.on('error', reject);
        client.once('response', (response) => {
          resolve({
            status: response.statusCode ?? 0,
            headers: flattenHeaders(response.headers),
            body: response,
            discard: () => response.destroy(),
          });
        });
        if (!request.body) {
          client.end();
          return;
        }
        const { onSent } = request;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            onSent?.(chunk.length);
            done(null, chunk);
          },
        });
        // A failed pipe destroys the request, whose 'error' rejects; the storage may also answer early (a 403).
        pipeline(openRange(request.body), counter, client).catch(reject);
      });
    },
  };
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

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}
