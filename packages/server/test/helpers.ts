import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { ServerHandle } from '../src/index.js';

/** A parsed JSON body; tests check its shape with assertions, so it stays loosely typed. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not by types
export type Json = any;

/** A raw answer: status, lower-case headers, the whole body. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not). */
  json<T = Json>(): T;
}

/** What to send; `body` goes with its Content-Length unless `chunked`. */
export interface RawRequest {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  chunked?: boolean;
}

/** One HTTP request with node:http, no SDK; the body is buffered (tests keep bodies small). */
export function send(url: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string | number> = { ...options.headers };
    if (body && !options.chunked) headers['content-length'] = body.length;
    const request = httpRequest(url, { method: options.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: data,
          json: () => JSON.parse(data.toString('utf8')),
        });
      });
    });
    request.on('error', reject);
    // write() then end() so node does not add a Content-Length of its own to a chunked body.
    if (body && options.chunked) request.write(body);
    request.end(options.chunked ? undefined : body);
  });
}

/**
 * Writes `text` as it is to the host and port of `url` (for requests node:http will not send: lying lengths, bytes
 * that are not HTTP), closes our side, and resolves to everything the server wrote back before it closed.
 */
export function sendRaw(url: string, text: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.end(text));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** The auth header every /v1 call needs. */
export const AUTH = { authorization: 'Bearer test-key' };

/** A small valid fine-tune dataset (general format), `lines` lines. */
export function jsonlDataset(lines = 3, tag = ''): Buffer {
  return Buffer.from(
    Array.from({ length: lines }, (_, index) => JSON.stringify({ text: `sample ${index} ${tag}` })).join(
      '\n',
    ) + '\n',
  );
}

/** Random bytes of a given size. */
export function randomData(bytes: number): Buffer {
  return randomBytes(bytes);
}

/** Lowercase sha256 hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `POST /files` with urlencoded fields; returns the raw answer. */
export function createUpload(server: ServerHandle, fields: Record<string, string>): Promise<RawResponse> {
  return send(`${server.baseURL}/files`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The whole redirect flow (POST /files → PUT Location → preprocess); returns the preprocess answer. */
export async function uploadSingle(
  server: ServerHandle,
  data: Buffer,
  fields: Record<string, string> = {},
): Promise<RawResponse> {
  const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'train.jsonl', ...fields });
  if (created.status !== 302) throw new Error(`POST /files answered ${created.status}: ${created.body}`);
  const put = await send(created.headers.location!, { method: 'PUT', body: data });
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${put.body}`);
  const id = created.headers['x-together-file-id'] as string;
  return send(`${server.baseURL}/files/${encodeURIComponent(id)}/preprocess`, {
    method: 'POST',
    headers: AUTH,
  });
}

/** A multipart/form-data body with text fields and optional file parts. */
export function formBody(
  fields: Record<string, string>,
  files: Array<{ name: string; filename: string; data: Buffer }> = [],
): { body: Buffer; contentType: string } {
  const boundary = `----together-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Polls a file until its processing status is final. */
export async function waitForProcessing(server: ServerHandle, id: string): Promise<Json> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const file = (await send(`${server.baseURL}/files/${id}`, { headers: AUTH })).json();
    if (['COMPLETED', 'FAILED', 'INVALID_FORMAT'].includes(file.processing_status)) return file;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`file ${id} never finished processing`);
}

/** A multipart upload of `parts` (initiate, PUT each, complete) as `batch-api` unless `fields` say otherwise. */
export async function uploadMultipart(
  server: ServerHandle,
  parts: Buffer[],
  fields: Record<string, unknown> = {},
): Promise<RawResponse> {
  const post = (path: string, body: unknown) =>
    send(`${server.baseURL}/files/multipart/${path}`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const initiated = await post('initiate', {
    file_name: 'parts.jsonl',
    file_size: parts.reduce((sum, part) => sum + part.length, 0),
    num_parts: parts.length,
    purpose: 'batch-api',
    file_type: 'jsonl',
    ...fields,
  });
  if (initiated.status !== 200) throw new Error(`initiate answered ${initiated.status}: ${initiated.body}`);
  const { upload_id, file_id, parts: urls } = initiated.json();
  const completed = await Promise.all(
    parts.map(async (data, index) => {
      const put = await send(urls[index].URL, { method: 'PUT', headers: urls[index].Headers, body: data });
      if (put.status !== 200) throw new Error(`PUT of part ${index + 1} answered ${put.status}`);
      return { part_number: index + 1, etag: String(put.headers.etag).replace(/"/g, '') };
    }),
  );
  return post('complete', { upload_id, file_id, parts: completed });
}

/**
 * Downloads a file's content while deleting it: the stream is held after its first chunk until the DELETE has
 * answered 200, so most bytes flow after the delete. Returns what arrived.
 */
export async function downloadWhileDeleting(
  server: ServerHandle,
  id: string,
): Promise<{ received: number; sha256: string; deleteStatus: number }> {
  const hash = createHash('sha256');
  let received = 0;
  let deleteStatus = 0;
  await new Promise<void>((resolve, reject) => {
    const get = httpRequest(`${server.baseURL}/files/${id}/content`, { headers: AUTH }, (response) => {
      response.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        received += chunk.length;
        if (deleteStatus !== 0) return;
        deleteStatus = -1;
        response.pause();
        send(`${server.baseURL}/files/${id}`, { method: 'DELETE', headers: AUTH }).then((answer) => {
          deleteStatus = answer.status;
          response.resume();
        }, reject);
      });
      response.on('end', resolve);
      response.on('error', reject);
    });
    get.on('error', reject);
    get.end();
  });
  return { received, sha256: hash.digest('hex'), deleteStatus };
}
