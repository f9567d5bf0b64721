import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';
import { boundaryOf, parseMultipartForm } from './multipart-form.js';

/** Largest JSON or form body the API routes read (file bytes never go through here). */
const MAX_SMALL_BODY_BYTES = 1024 * 1024;

const CUT_SHORT = Symbol('together-files.cutShort');

/**
 * Ends the body of a request whose connection ended before the body did (Node's parser refused it), so that its
 * route reads to the end, learns from {@link bodyChunks} that it is short, and answers on the still open socket.
 */
export function endBodyEarly(request: IncomingMessage): void {
  (request as IncomingMessage & { [CUT_SHORT]?: boolean })[CUT_SHORT] = true;
  // Node aborts an incomplete message when it ends, destroying the socket before the route can answer.
  request.complete = true;
  request.push(null);
}

/** The chunks of a request body; 400 `incomplete_body` at the end when it was cut short. */
export async function* bodyChunks(request: IncomingMessage): AsyncGenerator<Buffer> {
  for await (const chunk of request as AsyncIterable<Buffer>) yield chunk;
  if ((request as IncomingMessage & { [CUT_SHORT]?: boolean })[CUT_SHORT]) {
    throw new HttpError(400, 'The request ended before its body was complete (shorter than Content-Length)', {
      code: 'incomplete_body',
    });
  }
}

/** Reads a small body whole; 413 past the limit. */
export async function readSmallBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of bodyChunks(request)) {
    total += chunk.length;
    if (total > MAX_SMALL_BODY_BYTES) {
      throw new HttpError(413, `The request body is larger than ${MAX_SMALL_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body; 400 when it is not one. */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readSmallBody(request)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON', { code: 'invalid_json' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'The request body must be a JSON object', { code: 'invalid_json' });
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the text fields of a form body, urlencoded (Python v1) or multipart (Python v2); a JSON object is taken
 * too. File parts in a multipart body are dropped.
 */
export async function readFormFields(request: IncomingMessage): Promise<Record<string, string>> {
  const contentType = request.headers['content-type'];
  const boundary = boundaryOf(contentType);
  if (boundary) return parseMultipartForm(bodyChunks(request), { boundary });
  if (contentType && /^multipart\//i.test(contentType)) {
    throw new HttpError(400, 'Malformed multipart form: the content type has no boundary', {
      code: 'invalid_form',
    });
  }
  if (contentType && /^application\/json\b/i.test(contentType)) {
    const object = await readJsonObject(request);
    return Object.fromEntries(
      Object.entries(object)
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
  }
  if (contentType && !/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    throw new HttpError(400, `Unsupported content type ${contentType}; send a form`, {
      code: 'invalid_form',
    });
  }
  const text = (await readSmallBody(request)).toString('utf8');
  return Object.fromEntries(new URLSearchParams(text));
}
