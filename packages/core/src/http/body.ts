import type { Deadline } from './deadline.js';
import type { BodyRange, TransferResponse } from './transport.js';

/** The byte count of a request body. */
export function bodyLength(body: BodyRange | Uint8Array): number {
  return body instanceof Uint8Array ? body.byteLength : body.end - body.start;
}

/** Reads up to `limit` bytes of a (small) body as text, touching the idle timer; the rest is dropped. */
export async function readText(
  response: TransferResponse,
  deadline: Deadline,
  limit: number,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of response.body) {
    deadline.touch();
    size += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
    if (size >= limit) {
      response.discard();
      break;
    }
  }
  return text + decoder.decode();
}

/** JSON when the body is JSON, else the text (a storage error is often XML or plain text). */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The chunks of a web stream, read with a reader (async iteration of `ReadableStream` is missing in some browsers and
 * in the DOM types); stopping early cancels the stream, which closes a connection behind it.
 */
export async function* webStreamChunks(
  body: ReadableStream<Uint8Array> | null | undefined,
): AsyncGenerator<Uint8Array> {
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
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
