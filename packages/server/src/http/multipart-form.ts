import { HttpError } from './errors.js';

/** One part of a `multipart/form-data` body, as its headers describe it. */
export interface FormPart {
  /** The form field name. */
  name: string;
  /** The file name, for file parts. */
  filename?: string;
  /** The part's `Content-Type`, when given. */
  contentType?: string;
}

/** Where a file part's bytes go; `write` is awaited, so a slow disk slows the client down. */
export interface FormFileSink {
  write(chunk: Buffer): Promise<void>;
  end(): Promise<void>;
}

/** How to read a form. */
export interface MultipartFormOptions {
  /** The boundary from the `Content-Type` header. */
  boundary: string;
  /** Called when a file part starts; returns its sink, or nothing to drop its bytes. */
  onFile?: (part: FormPart) => Promise<FormFileSink | undefined>;
  /** Longest text field in bytes (default 64 KiB). */
  maxFieldBytes?: number;
}

/** The boundary of a `multipart/form-data` content type, or `undefined`. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

function malformed(detail: string): HttpError {
  return new HttpError(400, `Malformed multipart form: ${detail}`, { code: 'invalid_form' });
}

function parsePartHeaders(block: string): FormPart {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  const parameters = new Map<string, string>();
  for (const match of disposition.matchAll(/;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
    parameters.set(match[1]!.toLowerCase(), value);
  }
  const name = parameters.get('name');
  if (!/^form-data\b/i.test(disposition) || name === undefined) {
    throw malformed('a part has no Content-Disposition form-data name');
  }
  let filename = parameters.get('filename');
  const extended = parameters.get('filename*');
  if (extended !== undefined) {
    const encoded = /^utf-8''(.*)$/i.exec(extended);
    try {
      filename = encoded ? decodeURIComponent(encoded[1]!) : extended;
    } catch {
      filename = extended;
    }
  }
  return { name, ...(filename !== undefined && { filename }), ...(contentType && { contentType }) };
}

/**
 * Reads a `multipart/form-data` body as it streams: text fields are collected, file parts go to the sink that
 * `onFile` gives, chunk by chunk, so a large file never sits in memory. Throws a 400 {@link HttpError} on a
 * malformed body (the caller removes what a sink wrote).
 */
export async function parseMultipartForm(
  source: AsyncIterable<Buffer>,
  options: MultipartFormOptions,
): Promise<Record<string, string>> {
  const delimiter = Buffer.from(`\r\n--${options.boundary}`);
  const maxFieldBytes = options.maxFieldBytes ?? 64 * 1024;
  const fields: Record<string, string> = {};
  // The leading CRLF makes the first boundary look like every later one.
  let buffer: Buffer = Buffer.from(CRLF);
  type State = 'preamble' | 'after-boundary' | 'headers' | 'body' | 'epilogue';
  let state = 'preamble' as State;
  let part: FormPart | undefined;
  let sink: FormFileSink | undefined;
  let fieldChunks: Buffer[] = [];
  let fieldBytes = 0;

  const emit = async (data: Buffer): Promise<void> => {
    if (data.length === 0 || !part) return;
    if (part.filename !== undefined) {
      await sink?.write(data);
      return;
    }
    fieldBytes += data.length;
    if (fieldBytes > maxFieldBytes)
      throw malformed(`field ${part.name} is longer than ${maxFieldBytes} bytes`);
    fieldChunks.push(Buffer.from(data));
  };

  const finishPart = async (): Promise<void> => {
    if (!part) return;
    if (part.filename !== undefined) await sink?.end();
    else fields[part.name] = Buffer.concat(fieldChunks).toString('utf8');
    part = undefined;
    sink = undefined;
    fieldChunks = [];
    fieldBytes = 0;
  };

  // One step of the state machine; false when it needs more bytes.
  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const index = buffer.indexOf(delimiter);
        if (index === -1) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
          return false;
        }
        buffer = buffer.subarray(index + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      case 'after-boundary': {
        if (buffer.length < 2) return false;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'epilogue';
          buffer = Buffer.alloc(0);
          return false;
        }
        const index = buffer.indexOf(CRLF);
        if (index === -1) {
          if (buffer.length > 256) throw malformed('no line break after a boundary');
          return false;
        }
        buffer = buffer.subarray(index + CRLF.length);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const empty = buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a;
        const index = empty ? -2 : buffer.indexOf(HEADER_END);
        if (index === -1) {
          if (buffer.length > MAX_HEADER_BYTES) throw malformed('part headers are too long');
          return false;
        }
        part = parsePartHeaders(empty ? '' : buffer.subarray(0, index).toString('utf8'));
        buffer = buffer.subarray(index + HEADER_END.length);
        if (part.filename !== undefined) sink = await options.onFile?.(part);
        state = 'body';
        return true;
      }
      case 'body': {
        const index = buffer.indexOf(delimiter);
        if (index === -1) {
          // Keep a tail that may hold the start of a delimiter split across chunks.
          const keep = Math.min(buffer.length, delimiter.length - 1);
          await emit(buffer.subarray(0, buffer.length - keep));
          buffer = buffer.subarray(buffer.length - keep);
          return false;
        }
        await emit(buffer.subarray(0, index));
        await finishPart();
        buffer = buffer.subarray(index + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      default:
        return false;
    }
  };

  for await (const chunk of source) {
    if (state === 'epilogue') continue;
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    while (await step()) {}
  }
  if (state !== 'epilogue') throw malformed('the closing boundary is missing');
  return fields;
}
