/**
 * Bad requests straight to the server (no client in between): auth, upload fields, ids, presigned storage URLs
 * (tampered, expired, without or with a lying Content-Length, oversize) and multipart rules. Each must answer its
 * status with an `ErrorData` body, and leave no file and no temp bytes behind.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { startServer } from '@together-files/server';
import type { CatalogueEnv } from './catalogue-env.js';

/** What the server answered. */
export interface ServerOutcome {
  status: number;
  body: { error?: { message?: string; code?: string | null; param?: string | null } };
}

/** One raw HTTP case. */
export interface ServerCase {
  name: string;
  run(env: CatalogueEnv): Promise<ServerOutcome>;
  status: number;
  code?: string;
  message: RegExp;
}

const MiB = 1024 * 1024;

async function call(env: CatalogueEnv, path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? env.apiKey}`);
  const response = await fetch(`${env.url}${path}`, { ...init, headers, redirect: 'manual' });
  const text = await response.text();
  let body: ServerOutcome['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body, headers: response.headers };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** `POST /v1/files` for a small JSONL; resolves to the presigned URL and the file id. */
export async function createUpload(env: CatalogueEnv, name = 'raw.jsonl') {
  const created = await call(
    env,
    '/v1/files',
    form({ purpose: 'fine-tune', file_name: name, file_type: 'jsonl' }),
  );
  const location = created.headers.get('location');
  const fileId = created.headers.get('x-together-file-id');
  if (created.status !== 302 || !location || !fileId)
    throw new Error(`POST /v1/files answered ${created.status}`);
  return { location, fileId };
}

/** Sends a PUT by hand: `head` as given, then `body`, then closes our side; resolves to the answer (or status 0). */
function handPut(url: string, headers: string[], body: Buffer): Promise<ServerOutcome> {
  return handSend('PUT', url, headers, body);
}

/** Sends a request by hand (see handPut); `raw` is the whole answer as it came, head included. */
function handSend(
  method: string,
  url: string,
  headers: string[],
  body: Buffer,
): Promise<ServerOutcome & { raw: string }> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      let parsed: ServerOutcome['body'] = {};
      try {
        // The body may come chunked: the JSON object is what lies between its first and last brace.
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        parsed = JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1));
      } catch {}
      resolve({ status, body: parsed, raw: answer });
    });
    socket.write(
      `${method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${headers.join('\r\n')}\r\n\r\n`,
    );
    socket.end(body);
  });
}

/**
 * `POST /v1/files` to a server of its own bound to every interface (issue 13.10), with a `Host` that would bend a
 * URL built from it; the outcome's message is the storage URL the server answered with (`Location`).
 */
async function storageUrlOnWildcard(host: string, publicUrl?: string): Promise<ServerOutcome> {
  const server = await startServer({ host: '0.0.0.0', ...(publicUrl !== undefined && { publicUrl }) });
  try {
    const port = Number(new URL(server.url).port);
    const body = new URLSearchParams({ purpose: 'fine-tune', file_name: 'bent.jsonl', file_type: 'jsonl' });
    const answer = await new Promise<{ status: number; location: string }>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/files' }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: String(response.headers.location) });
      });
      sent.on('error', reject);
      sent.setHeader('host', host);
      sent.setHeader('authorization', 'Bearer k');
      sent.setHeader('content-type', 'application/x-www-form-urlencoded');
      sent.end(body.toString());
    });
    return { status: answer.status, body: { error: { message: `Location: ${answer.location}` } } };
  } finally {
    await server.close();
  }
}

async function initiate(env: CatalogueEnv, fileSize: number, numParts: number) {
  return call(env, '/v1/files/multipart/initiate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      file_name: 'parts.jsonl',
      file_size: fileSize,
      num_parts: numParts,
      purpose: 'fine-tune',
      file_type: 'jsonl',
    }),
  });
}

/** Initiates, PUTs parts of the given sizes, then completes; resolves to complete's answer (after an abort). */
async function multipart(env: CatalogueEnv, fileSize: number, partSizes: number[]): Promise<ServerOutcome> {
  const started = await initiate(env, fileSize, partSizes.length);
  const { upload_id, file_id, parts } = started.body as unknown as {
    upload_id: string;
    file_id: string;
    parts: Array<{ PartNumber: number; URL: string }>;
  };
  const etags = [];
  for (const [index, size] of partSizes.entries()) {
    const put = await fetch(parts[index]!.URL, { method: 'PUT', body: Buffer.alloc(size, 'x') });
    etags.push({ part_number: index + 1, etag: (put.headers.get('etag') ?? '').replace(/"/g, '') });
  }
  const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
  const completed = await call(env, '/v1/files/multipart/complete', {
    ...json,
    body: JSON.stringify({ upload_id, file_id, parts: etags }),
  });
  await call(env, '/v1/files/multipart/abort', { ...json, body: JSON.stringify({ upload_id, file_id }) });
  return completed;
}

/** A Parquet file whose footer lists `count` empty schema elements, a byte each: a "schema bomb". */
function schemaBomb(count: number): Buffer {
  const varint: number[] = [];
  for (let value = count; ; value = Math.floor(value / 128)) {
    if (value < 0x80) {
      varint.push(value);
      break;
    }
    varint.push((value % 128) | 0x80);
  }
  const footer = Buffer.concat([
    Buffer.from([0x15, 0x04, 0x19, 0xfc, ...varint]),
    Buffer.alloc(count),
    Buffer.from([0x16, 0x02, 0x00]),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  return Buffer.concat([Buffer.from('PAR1'), footer, length, Buffer.from('PAR1')]);
}

/**
 * Uploads a schema bomb, waits for its validation, deletes the file, and answers with the final GET's status and
 * the validation report's error as the message (issue 13, item 1: it fails with a report; the server stays up).
 */
async function validateSchemaBomb(env: CatalogueEnv): Promise<ServerOutcome> {
  const created = await call(
    env,
    '/v1/files',
    form({ purpose: 'fine-tune', file_name: 'bomb.parquet', file_type: 'parquet' }),
  );
  const location = created.headers.get('location');
  const fileId = created.headers.get('x-together-file-id');
  if (created.status !== 302 || !location || !fileId)
    throw new Error(`POST /v1/files answered ${created.status}`);
  await fetch(location, { method: 'PUT', body: new Uint8Array(schemaBomb(3_000_000)) });
  await call(env, `/v1/files/${fileId}/preprocess`, { method: 'POST' });
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      const file = await call(env, `/v1/files/${fileId}`);
      const body = file.body as { processing_status?: string; validation_report?: { error?: string } };
      if (body.processing_status === 'INVALID_FORMAT' || body.processing_status === 'FAILED')
        return { status: file.status, body: { error: { message: body.validation_report?.error ?? '' } } };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { status: 0, body: {} };
  } finally {
    await call(env, `/v1/files/${fileId}`, { method: 'DELETE' });
  }
}

/** An admin call of the catalogue's server (faults, for the cases that need one). */
async function admin(env: CatalogueEnv, method: string, path: string, body?: unknown) {
  return call(env, `/_admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** The whole redirect flow for `data`; resolves to the preprocess answer. */
async function uploadWhole(env: CatalogueEnv, data: Buffer, fields: Record<string, string> = {}) {
  const created = await call(
    env,
    '/v1/files',
    form({ purpose: 'batch-api', file_name: 'whole.jsonl', file_type: 'jsonl', ...fields }),
  );
  if (created.status !== 302) return created;
  await fetch(created.headers.get('location')!, { method: 'PUT', body: new Uint8Array(data) });
  return call(env, `/v1/files/${created.headers.get('x-together-file-id')}/preprocess`, { method: 'POST' });
}

/** Cases of issue 13: what an attacker, a hostile client and a full disk did to the server. */
const hardeningCases: ServerCase[] = [
  {
    name: 'admin route from a web page (Origin header)',
    run: (env) => call(env, '/_admin/requests', { headers: { origin: 'https://evil.example' } }),
    status: 403,
    code: 'cross_origin',
    message: /no requests from web pages/,
  },
  {
    // The request log must not keep it: refused before auth, and headers are never kept anyway.
    name: 'a 15 KB header with a wrong key, then the request log',
    run: async (env) => {
      const refused = await call(env, '/v1/files', {
        key: 'wrong',
        headers: { 'x-filler': 'x'.repeat(15_000) },
      });
      if ((await env.requests()).length !== 0) throw new Error('the refused request was logged');
      return refused;
    },
    status: 401,
    code: 'invalid_api_key',
    message: /Invalid API key/,
  },
  {
    name: 'a JSON body over 1 MiB on a keep-alive connection (413, then the connection closes)',
    run: async (env) => {
      const body = Buffer.alloc(2 * MiB, 'a');
      const answer = await handSend(
        'POST',
        `${env.baseURL}/files/multipart/initiate`,
        [
          `Authorization: Bearer ${env.apiKey}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
        ],
        body,
      );
      if (!/\r\nconnection: close\r\n/i.test(answer.raw))
        throw new Error('the 413 kept the connection alive');
      return answer;
    },
    status: 413,
    message: /larger than 1048576 bytes/,
  },
  {
    name: 'a file_name of 20,000 characters',
    run: (env) =>
      call(env, '/v1/files', form({ purpose: 'batch-api', file_name: `${'n'.repeat(20_000)}.jsonl` })),
    status: 400,
    code: 'invalid_file_name',
    message: /file_name is 20006 bytes long; the longest name taken is 255 bytes/,
  },
  {
    name: 'Range bytes=-5 on an empty file',
    run: async (env) => {
      const file = (await uploadWhole(env, Buffer.alloc(0))).body as unknown as { id: string };
      try {
        const answer = await call(env, `/v1/files/${file.id}/content`, { headers: { range: 'bytes=-5' } });
        if (answer.headers.get('content-range') !== 'bytes */0')
          throw new Error('no Content-Range: bytes */0');
        return answer;
      } finally {
        await call(env, `/v1/files/${file.id}`, { method: 'DELETE' });
      }
    },
    status: 416,
    code: 'range_not_satisfiable',
    message: /starts past the end of the file \(0 bytes\)/,
  },
  {
    name: 'storage PUT on a full disk (diskFull fault), then the retried PUT completes it',
    run: async (env) => {
      const { location, fileId } = await createUpload(env);
      await admin(env, 'POST', 'faults', { faults: [{ route: 'storagePut', diskFull: true }] });
      const body = '{"text": "kept"}\n';
      const full = await fetch(location, { method: 'PUT', body });
      const answer = { status: full.status, body: await full.json() };
      if (JSON.stringify(answer.body).includes(env.dataDir)) throw new Error('the answer shows a path');
      const retried = await fetch(location, { method: 'PUT', body });
      if (retried.status !== 200) throw new Error(`the retried PUT answered ${retried.status}`);
      const done = await call(env, `/v1/files/${fileId}/preprocess`, { method: 'POST' });
      if (done.status !== 200) throw new Error(`preprocess answered ${done.status}`);
      await call(env, `/v1/files/${fileId}`, { method: 'DELETE' });
      return answer;
    },
    status: 507,
    code: 'insufficient_storage',
    message: /disk is full \(ENOSPC\); the upload is kept/,
  },
  {
    name: 'a 500 (the store folder removed under the server) shows no path',
    run: async () => {
      const server = await startServer();
      try {
        await rm(join(server.dataDir, 'tmp'), { recursive: true });
        const created = await fetch(`${server.baseURL}/files`, {
          ...form({ purpose: 'batch-api', file_name: 'gone.jsonl' }),
          headers: { authorization: 'Bearer k', 'content-type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        });
        const put = await fetch(created.headers.get('location')!, { method: 'PUT', body: 'x' });
        const text = await put.text();
        if (text.includes(server.dataDir) || text.includes('/tmp')) throw new Error(`a path in ${text}`);
        return { status: put.status, body: JSON.parse(text) };
      } finally {
        await server.close();
      }
    },
    status: 500,
    code: 'internal_error',
    message: /^Internal server error \(ENOENT\)$/,
  },
  {
    name: '20 parallel uploads of the same bytes with their checksum, then one more',
    run: async (env) => {
      const data = Buffer.from('{"text": "twenty times"}\n');
      const checksum = createHash('sha256').update(data).digest('hex');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => uploadWhole(env, data, { checksum })),
      );
      const ids = new Set(answers.map((answer) => (answer.body as unknown as { id: string }).id));
      try {
        if (ids.size !== 1) throw new Error(`${ids.size} files for the same bytes`);
        return await call(
          env,
          '/v1/files',
          form({ purpose: 'batch-api', file_name: 'again.jsonl', checksum }),
        );
      } finally {
        for (const id of ids) await call(env, `/v1/files/${id}`, { method: 'DELETE' });
      }
    },
    status: 409,
    code: 'duplicate_file',
    message: /exists already/,
  },
];

/** The server catalogue. */
export const serverCases: ServerCase[] = [
  ...hardeningCases,
  {
    // Before issue 13.10's fix: Location at 127.0.0.1, so a client on another machine PUT to itself.
    name: 'on a wildcard bind, the storage URL follows the Host a client used (files.internal:8787)',
    run: () => storageUrlOnWildcard('files.internal:8787'),
    status: 302,
    message: /^Location: http:\/\/files\.internal:8787\/storage\//,
  },
  {
    name: 'on a wildcard bind, a Host that would bend the storage URL (evil.example@127.0.0.1) is not used',
    run: () => storageUrlOnWildcard('evil.example@127.0.0.1'),
    status: 302,
    message: /^Location: http:\/\/127\.0\.0\.1:\d+\/storage\//,
  },
  {
    name: 'on a wildcard bind with --public-url, a hostile Host does not move the storage URL',
    run: () => storageUrlOnWildcard('attacker.example:80', 'https://files.internal:8443'),
    status: 302,
    message: /^Location: https:\/\/files\.internal:8443\/storage\//,
  },
  {
    name: 'a Parquet schema bomb (3,000,000 empty schema elements) is validated within limits',
    run: validateSchemaBomb,
    status: 200,
    message: /3000000 schema elements; at most 10000 are read/,
  },
  {
    name: 'no Authorization header',
    run: (env) => call(env, '/v1/files', { key: null }),
    status: 401,
    message: /Missing API key/,
  },
  {
    name: 'wrong API key',
    run: (env) => call(env, '/v1/files', { key: 'wrong' }),
    status: 401,
    code: 'invalid_api_key',
    message: /Invalid API key/,
  },
  {
    name: 'POST /files with an unknown purpose',
    run: (env) =>
      call(env, '/v1/files', form({ purpose: 'assistants', file_name: 'a.jsonl', file_type: 'jsonl' })),
    status: 400,
    code: 'invalid_purpose',
    message: /Invalid purpose "assistants"; allowed values: fine-tune, eval, .*batch-api/,
  },
  {
    name: 'POST /files with a CSV for fine-tune',
    run: (env) => call(env, '/v1/files', form({ purpose: 'fine-tune', file_name: 'a.csv' })),
    status: 400,
    code: 'invalid_file_type',
    message: /Purpose fine-tune does not accept csv files/,
  },
  {
    name: 'POST /files without file_name',
    run: (env) => call(env, '/v1/files', form({ purpose: 'fine-tune', file_type: 'jsonl' })),
    status: 400,
    code: 'invalid_file_name',
    message: /file_name is required/,
  },
  {
    name: 'GET of a path-traversal id',
    run: (env) => call(env, '/v1/files/..%2F..%2Fetc%2Fpasswd'),
    status: 404,
    code: 'file_not_found',
    message: /No file with id "\.\.\/\.\.\/etc\/passwd"/,
  },
  {
    name: 'preprocess before the bytes were PUT',
    run: async (env) => {
      const { fileId } = await createUpload(env);
      return call(env, `/v1/files/${fileId}/preprocess`, { method: 'POST' });
    },
    status: 400,
    message: /has no bytes yet: PUT them to the upload URL first/,
  },
  {
    name: 'storage PUT with a tampered signature',
    run: async (env) => {
      const { location } = await createUpload(env);
      const tampered = location.replace(
        /signature=([0-9a-f])/,
        (_, digit) => `signature=${digit === '0' ? '1' : '0'}`,
      );
      return call(env, new URL(tampered).pathname + new URL(tampered).search, {
        method: 'PUT',
        body: 'x',
        key: null,
      });
    },
    status: 403,
    code: 'signature_invalid',
    message: /signature is invalid/,
  },
  {
    name: "storage PUT on another file's path with a valid signature",
    run: async (env) => {
      const first = await createUpload(env);
      const second = await createUpload(env);
      const url = new URL(first.location);
      url.pathname = new URL(second.location).pathname;
      return call(env, url.pathname + url.search, { method: 'PUT', body: 'x', key: null });
    },
    status: 403,
    code: 'signature_invalid',
    message: /signature is invalid/,
  },
  {
    name: 'storage PUT on an expired URL',
    run: async () => {
      // A server of its own whose URLs live one second.
      const server = await startServer({ uploadUrlTtlSeconds: 1 });
      try {
        const created = await fetch(`${server.baseURL}/files`, {
          ...form({ purpose: 'fine-tune', file_name: 'late.jsonl' }),
          headers: { authorization: 'Bearer k', 'content-type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        });
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const put = await fetch(created.headers.get('location')!, { method: 'PUT', body: '{"text":"x"}\n' });
        return { status: put.status, body: await put.json() };
      } finally {
        await server.close();
      }
    },
    status: 403,
    code: 'url_expired',
    message: /has expired/,
  },
  {
    name: 'storage PUT without Content-Length (chunked)',
    run: async (env) => {
      const { location } = await createUpload(env);
      return handPut(location, ['Transfer-Encoding: chunked'], Buffer.from('5\r\nhello\r\n0\r\n\r\n'));
    },
    status: 411,
    message: /Content-Length is required/,
  },
  {
    // The server answers the early end with 400 incomplete_body; what matters is what follows: the bytes never
    // count as the file's, preprocess refuses, and no file or temp file appears.
    name: 'storage PUT whose Content-Length lies (body shorter, then closed), then preprocess',
    run: async (env) => {
      const { location, fileId } = await createUpload(env);
      const put = await handPut(
        location,
        ['Content-Length: 1000'],
        Buffer.from('{"text": "only a few bytes"}\n'),
      );
      if (put.status === 200) throw new Error('the server accepted a body shorter than its Content-Length');
      return call(env, `/v1/files/${fileId}/preprocess`, { method: 'POST' });
    },
    status: 400,
    message: /has no bytes yet/,
  },
  {
    name: 'storage PUT larger than 5 GiB',
    run: async (env) => {
      const { location } = await createUpload(env);
      return handPut(location, [`Content-Length: ${5 * 1024 ** 3 + 1}`], Buffer.alloc(0));
    },
    status: 400,
    code: 'entity_too_large',
    message: /One PUT takes at most 5368709120 bytes/,
  },
  {
    name: 'multipart initiate with zero parts',
    run: (env) => initiate(env, 10 * MiB, 0),
    status: 400,
    message: /num_parts must be from 1/,
  },
  {
    name: 'multipart initiate over 50.1 GiB',
    run: (env) => initiate(env, 51 * 1024 ** 3, 250),
    status: 400,
    message: /50\.1 GiB|too large|at most/i,
  },
  {
    name: 'multipart complete with a first part under 5 MiB',
    run: (env) => multipart(env, 6 * MiB, [1 * MiB, 5 * MiB]),
    status: 400,
    code: 'entity_too_small',
    message: /Part 1 is 1048576 bytes; parts but the last need at least 5242880/,
  },
  {
    name: 'multipart complete with parts larger than announced',
    run: (env) => multipart(env, 6 * MiB, [5 * MiB, 2 * MiB]),
    status: 400,
    code: 'size_mismatch',
    message: /The parts hold 7340032 bytes; initiate announced 6291456/,
  },
  {
    name: 'multipart complete of an unknown upload',
    run: (env) =>
      call(env, '/v1/files/multipart/complete', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          upload_id: 'nope',
          file_id: 'file-nope',
          parts: [{ part_number: 1, etag: 'x' }],
        }),
      }),
    status: 404,
    code: 'upload_not_found',
    message: /No multipart upload nope/,
  },
];
