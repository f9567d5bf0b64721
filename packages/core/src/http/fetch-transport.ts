import { headerRecord } from '@together-files/check/shared';
import { bodyLength, webStreamChunks } from './body.js';
import type { BodyRange, Transport } from './transport.js';

/**
 * A transport over `fetch`, for browsers and for callers who pass their own `fetch`. Bodies are Blob slices or
 * byte views (which browsers stream from disk); a path is opened as a file-backed Blob on Node. Fetch cannot
 * report upload progress: `onSent` fires once the whole body is accepted.
 */
export function createFetchTransport(
  fetchImpl: typeof globalThis.fetch,
  options: { browser: boolean },
): Transport {
  return {
    async send(request) {
      const headers = { ...request.headers };
      // The runtime sets the length of a Blob or byte body itself; browsers forbid setting it.
      delete headers['content-length'];
      const body = request.body ? await bodyOf(request.body) : undefined;
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers,
        body: body as BodyInit | undefined,
        signal: request.signal,
        // A browser hides where a redirect leads, so it follows a download's redirect itself (dropping
        // Authorization across origins, per the Fetch standard); everywhere else we follow with our own checks.
        redirect: options.browser && request.method === 'GET' ? 'follow' : 'manual',
      });
      if (request.body) request.onSent?.(bodyLength(request.body));
      return {
        status: response.type === 'opaqueredirect' ? 0 : response.status,
        headers: headerRecord(response.headers),
        body: webStreamChunks(response.body),
        discard: () => {
          response.body?.cancel().catch(() => {});
        },
      };
    },
  };
}

async function bodyOf(body: BodyRange | Uint8Array): Promise<Blob | Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const { source, start, end } = body;
  if (source.kind === 'bytes') return source.bytes.subarray(start, end);
  if (source.kind === 'blob') return source.blob.slice(start, end);
  // Paths exist only on Node (file-source.ts refuses them elsewhere): the web build folds this to the throw.
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) {
    throw new TypeError('A path can only be read on Node.');
  } else {
    const { openAsBlob } = await import('node:fs');
    return (await openAsBlob(source.path)).slice(start, end);
  }
}
