/**
 * The raw floor: the Files API flows written directly on `node:http`, with no SDK in between. A figure for our
 * client is only meaningful beside what the same bytes cost with nothing but Node's own HTTP stack.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

/** One small request; resolves to `{ status, headers, text }`. */
export function rawRequest(url, options = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** PUTs a file to a URL by piping a read stream into the request, with its Content-Length; resolves to the status. */
export async function putFile(url, path, headers = {}) {
  const { size } = await stat(path);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'PUT',
        headers: { 'content-length': size, 'content-type': 'application/octet-stream', ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers }));
      },
    );
    request.on('error', reject);
    createReadStream(path).on('error', reject).pipe(request);
  });
}

/** GETs a URL straight into a file; resolves to the number of bytes written. */
export function getToFile(url, path, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`GET ${url}: ${response.statusCode}`));
          return;
        }
        let bytes = 0;
        response.on('data', (chunk) => {
          bytes += chunk.length;
        });
        pipeline(response, createWriteStream(path)).then(() => resolve(bytes), reject);
      })
      .on('error', reject);
  });
}

/** The single-part upload flow (create → PUT → preprocess) on `node:http`; resolves to the new file's id. */
export async function rawUpload({
  baseURL,
  apiKey,
  file,
  filename,
  purpose = 'fine-tune',
  fileType = 'jsonl',
}) {
  const authorization = `Bearer ${apiKey}`;
  const form = new URLSearchParams({ purpose, file_name: filename, file_type: fileType }).toString();
  const created = await rawRequest(`${baseURL}/files`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const location = created.headers.location;
  const fileId = created.headers['x-together-file-id'];
  if (created.status !== 302 || !location || !fileId) {
    throw new Error(`POST /files answered ${created.status}: ${created.text}`);
  }
  const put = await putFile(location, file);
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}`);
  const done = await rawRequest(`${baseURL}/files/${encodeURIComponent(fileId)}/preprocess`, {
    method: 'POST',
    headers: { authorization },
  });
  if (done.status !== 200) throw new Error(`preprocess answered ${done.status}: ${done.text}`);
  return fileId;
}
