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
      if (request.body) request.onSent?.(request.body.end - request.body.start);
      const record: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        record[name.toLowerCase()] = value;
      });
      return {
        status: response.type === 'opaqueredirect' ? 0 : response.status,
        headers: record,
        body: readAll(response.body),
        discard: () => {
          response.body?.cancel().catch(() => {});
        },
      };
    },
  };
}

async function bodyOf({ source, start, end }: BodyRange): Promise<Blob | Uint8Array> {
  if (source.kind === 'bytes') return source.bytes.subarray(start, end);
  if (source.kind === 'blob') return source.blob.slice(start, end);
  const { openAsBlob } = await import('node:fs');
  return (await openAsBlob(source.path)).slice(start, end);
}

/** Reads a web stream with a reader (async iteration of ReadableStream is missing in some browsers). */
async function* readAll(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // A reader that stopped early cancels the stream, which closes the connection.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
