import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, createUpload, formBody, jsonlDataset, randomData, send, sendRaw, sha256 } from './helpers.js';

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function tempFiles(): Promise<string[]> {
  return readdir(join(server.dataDir, 'tmp'));
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200 && !(await condition()); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('POST /files (the redirect flow)', () => {
  test('urlencoded fields: 302 with a presigned Location on this server and X-Together-File-Id', async () => {
    const response = await createUpload(server, { purpose: 'eval', file_name: 'e.csv', file_type: 'csv' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.location!);
    expect(location.origin).toBe(server.url);
    expect(location.pathname.startsWith('/storage/')).toBe(true);
    expect(location.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers['x-together-file-id']).toMatch(/^file-/);
    expect(response.body.length).toBe(0);
  });

  test('multipart form fields are accepted too, and the file type comes from the name', async () => {
    const { body, contentType } = formBody({ purpose: 'fine-tune', file_name: 'x.parquet' });
    const response = await send(`${server.baseURL}/files`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(302);
  });

  test('end to end: PUT exactly 200 with an ETag, the file exists, preprocess answers it, content the same bytes', async () => {
    const data = jsonlDataset(5, 'e2e');
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'e2e.jsonl' });
    const id = created.headers['x-together-file-id'] as string;
    // Not listed until its bytes are stored.
    const before = (await send(`${server.baseURL}/files`, { headers: AUTH })).json();
    expect(before.data.map((file: { id: string }) => file.id)).not.toContain(id);
    expect((await send(`${server.baseURL}/files/${id}`, { headers: AUTH })).status).toBe(404);
    const put = await send(created.headers.location!, { method: 'PUT', body: data });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    // Stored means existing, before any preprocess (together-typescript's flow): listed and retrievable.
    const after = (await send(`${server.baseURL}/files`, { headers: AUTH })).json();
    expect(after.data.map((file: { id: string }) => file.id)).toContain(id);
    const retrieved = await send(`${server.baseURL}/files/${id}`, { headers: AUTH });
    expect(retrieved.status).toBe(200);
    expect(retrieved.json()).toMatchObject({ id, bytes: data.length, purpose: 'fine-tune' });
    expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(retrieved.json().processing_status);
    const preprocessed = await send(`${server.baseURL}/files/${id}/preprocess`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(preprocessed.status).toBe(200);
    expect(preprocessed.json()).toMatchObject({
      id,
      bytes: data.length,
      filename: 'e2e.jsonl',
      Processed: true,
    });
    const again = await send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH });
    expect(again.status).toBe(200);
    const content = await send(`${server.baseURL}/files/${id}/content`, {
      headers: { ...AUTH, accept: 'application/binary' },
    });
    expect(content.status).toBe(200);
    expect(Number(content.headers['content-length'])).toBe(data.length);
    expect(sha256(content.body)).toBe(sha256(data));
  });

  test.each([
    [{ file_name: 'a.jsonl' }, 'purpose', /fine-tune, eval, eval-sample, eval-output.*batch-api/],
    [
      { purpose: 'vision', file_name: 'a.jsonl' },
      'purpose',
      /fine-tune, eval, eval-sample, eval-output.*batch-api/,
    ],
    [{ purpose: 'fine-tune', file_name: 'a.jsonl', file_type: 'txt' }, 'file_type', /jsonl, parquet, csv/],
    [{ purpose: 'fine-tune', file_name: 'a.txt' }, 'file_type', /jsonl, parquet, csv/],
    [{ purpose: 'fine-tune', file_name: 'a.csv', file_type: 'csv' }, 'file_type', /jsonl, parquet/],
    [{ purpose: 'batch-api', file_name: 'a.parquet' }, 'file_type', /jsonl/],
    [{ purpose: 'fine-tune' }, 'file_name', /file_name/],
    [{ purpose: 'fine-tune', file_name: 'a.jsonl', checksum: 'xyz' }, 'checksum', /sha256/],
  ])('bad fields %o answer 400 naming %s', async (fields, param, message) => {
    const response = await createUpload(server, fields as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({ param, type: 'invalid_request_error' });
    expect(response.json().error.message).toMatch(message);
  });

  test('a malformed multipart form answers 400', async () => {
    const response = await send(`${server.baseURL}/files`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune',
    });
    expect(response.status).toBe(400);
    expect(response.json().error.code).toBe('invalid_form');
  });

  test('a duplicate checksum answers 409 with file_id, only once that file is complete', async () => {
    const data = jsonlDataset(2, 'duplicate');
    const checksum = sha256(data);
    const first = await createUpload(server, { purpose: 'fine-tune', file_name: 'd.jsonl', checksum });
    expect(first.status).toBe(302);
    // Not complete yet: a second upload of the same bytes may start.
    expect(
      (await createUpload(server, { purpose: 'fine-tune', file_name: 'd.jsonl', checksum })).status,
    ).toBe(302);
    await send(first.headers.location!, { method: 'PUT', body: data });
    const id = first.headers['x-together-file-id'];
    expect(
      (await send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH })).status,
    ).toBe(200);
    const conflict = await createUpload(server, { purpose: 'fine-tune', file_name: 'd.jsonl', checksum });
    expect(conflict.status).toBe(409);
    expect(conflict.json().file_id).toBe(id);
    expect(conflict.json().error.type).toBe('conflict_error');
  });

  test('bytes that do not match the announced checksum never become the file; preprocess says why', async () => {
    const created = await createUpload(server, {
      purpose: 'fine-tune',
      file_name: 'm.jsonl',
      checksum: sha256(Buffer.from('other')),
    });
    await send(created.headers.location!, { method: 'PUT', body: jsonlDataset(1) });
    const id = created.headers['x-together-file-id'];
    const response = await send(`${server.baseURL}/files/${id}/preprocess`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(response.status).toBe(400);
    expect(response.json().error.code).toBe('checksum_mismatch');
    expect((await send(`${server.baseURL}/files/${id}`, { headers: AUTH })).status).toBe(404);
  });

  test('preprocess before the bytes arrived answers 400', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'early.jsonl' });
    const id = created.headers['x-together-file-id'];
    const response = await send(`${server.baseURL}/files/${id}/preprocess`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(response.status).toBe(400);
    expect(response.json().error.code).toBe('upload_incomplete');
  });
});

describe('storage PUT', () => {
  test('needs no auth but a Content-Length (411 for a chunked body)', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'c.jsonl' });
    const chunked = await send(created.headers.location!, {
      method: 'PUT',
      body: jsonlDataset(1),
      chunked: true,
    });
    expect(chunked.status).toBe(411);
    expect(chunked.json().error.message).toMatch(/Content-Length/);
    const put = await send(created.headers.location!, { method: 'PUT', body: jsonlDataset(1) });
    expect(put.status).toBe(200);
  });

  test('a tampered URL answers 403', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 't.jsonl' });
    const other = await createUpload(server, { purpose: 'fine-tune', file_name: 't.jsonl' });
    const url = new URL(created.headers.location!);
    const signature = url.searchParams.get('signature')!;
    const variants = [
      (u: URL) => u.searchParams.set('signature', `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`),
      (u: URL) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 1000)),
      (u: URL) => {
        u.pathname = new URL(other.headers.location!).pathname;
      },
      (u: URL) => u.searchParams.delete('signature'),
    ];
    for (const tamper of variants) {
      const tampered = new URL(url);
      tamper(tampered);
      const response = await send(tampered.toString(), { method: 'PUT', body: 'x' });
      expect(response.status).toBe(403);
      expect(response.json().error.type).toBe('permission_error');
    }
    expect((await send(url.toString(), { method: 'PUT', body: jsonlDataset(1) })).status).toBe(200);
  });

  test('a repeated PUT before preprocess replaces the bytes; after preprocess the URL answers 403', async () => {
    const created = await createUpload(server, { purpose: 'batch-api', file_name: 'u.jsonl' });
    const location = created.headers.location!;
    const id = created.headers['x-together-file-id'] as string;
    const first = randomData(3000);
    const second = randomData(2000);
    const firstPut = await send(location, { method: 'PUT', body: first });
    expect(firstPut.status).toBe(200);
    // A client whose 200 was lost PUTs again: the new body replaces the first, with its own ETag.
    const again = await send(location, { method: 'PUT', body: second });
    expect(again.status).toBe(200);
    expect(again.headers.etag).not.toBe(firstPut.headers.etag);
    // Each PUT's bytes became the file at once: nothing waits in the temp folder.
    expect((await tempFiles()).filter((name) => name.includes(id))).toEqual([]);
    const listed = (await send(`${server.baseURL}/files`, { headers: AUTH })).json().data;
    expect(listed.filter((file: { id: string }) => file.id === id)).toEqual([
      expect.objectContaining({ bytes: second.length }),
    ]);
    const preprocess = await send(`${server.baseURL}/files/${id}/preprocess`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(preprocess.status).toBe(200);
    expect(preprocess.json().bytes).toBe(second.length);
    const content = await send(`${server.baseURL}/files/${id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(second));
    // The replaced bytes' blob is gone: the file holds the second body only.
    const late = await send(location, { method: 'PUT', body: first });
    expect(late.status).toBe(403);
    expect(late.json().error.code).toBe('upload_closed');
    expect((await tempFiles()).filter((name) => name.includes(id))).toEqual([]);
  });

  test('an expired URL answers 403', async () => {
    const shortLived = await startServer({ uploadUrlTtlSeconds: -10 });
    try {
      const created = await createUpload(shortLived, { purpose: 'fine-tune', file_name: 'x.jsonl' });
      const response = await send(created.headers.location!, { method: 'PUT', body: jsonlDataset(1) });
      expect(response.status).toBe(403);
      expect(response.json().error.code).toBe('url_expired');
    } finally {
      await shortLived.close();
    }
  });

  test('a short body (client hangs up) leaves nothing behind and the URL stays usable', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 's.jsonl' });
    const location = new URL(created.headers.location!);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(location.port), location.hostname, () => {
        socket.write(
          `PUT ${location.pathname}${location.search} HTTP/1.1\r\nHost: ${location.host}\r\n` +
            'Content-Length: 100000\r\n\r\n',
        );
        socket.write(randomData(1000), () => setTimeout(() => socket.destroy(), 50));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const id = created.headers['x-together-file-id'] as string;
    const ofThisUpload = async () => (await tempFiles()).filter((name) => name.includes(id));
    await until(async () => (await ofThisUpload()).length === 0);
    expect(await ofThisUpload()).toEqual([]);
    const early = await send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH });
    expect(early.status).toBe(400);
    expect((await send(location.toString(), { method: 'PUT', body: jsonlDataset(1) })).status).toBe(200);
  });
  test('a form cut short by the end of the request is refused, not read as the fields that came', async () => {
    const url = new URL(`${server.baseURL}/files`);
    const body = 'purpose=fine-tune&file_name=short.jsonl';
    const answer = await sendRaw(
      url.toString(),
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer test-key\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length + 20}\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).not.toMatch(/^x-together-file-id:/im);
    expect(JSON.parse(answer.slice(answer.indexOf('{'))).error.code).toBe('incomplete_body');
  });

  test('a request that is not HTTP gets an ErrorData 400 too, not a bare one', async () => {
    const url = new URL(server.url);
    const answer = await sendRaw(url.toString(), 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('{'))).error.code).toBe('malformed_request');
  });

  test('a PUT refused before its body is read gets one answer, not a second for the body that never came', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'o.jsonl' });
    const location = new URL(created.headers.location!);
    const answer = await sendRaw(
      location.toString(),
      `PUT ${location.pathname}${location.search} HTTP/1.1\r\nHost: ${location.host}\r\n` +
        `Content-Length: ${5 * 1024 ** 3 + 1}\r\n\r\n`,
    );
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(JSON.parse(answer.slice(answer.indexOf('{'))).error.code).toBe('entity_too_large');
  });

  test('a short body that ends with the request (half-close) answers an ErrorData 400 and stores nothing', async () => {
    const created = await createUpload(server, { purpose: 'fine-tune', file_name: 'h.jsonl' });
    const location = new URL(created.headers.location!);
    const answer = await sendRaw(
      location.toString(),
      `PUT ${location.pathname}${location.search} HTTP/1.1\r\nHost: ${location.host}\r\n` +
        'Content-Length: 1000\r\n\r\n{"text": "only a few bytes"}\n',
    );
    const [head, body] = answer.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\nx-request-id: req_/i);
    expect(JSON.parse(body).error).toMatchObject({ type: 'invalid_request_error', code: 'incomplete_body' });
    const id = created.headers['x-together-file-id'] as string;
    await until(async () => (await tempFiles()).every((name) => !name.includes(id)));
    expect((await tempFiles()).filter((name) => name.includes(id))).toEqual([]);
    const early = await send(`${server.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: AUTH });
    expect(early.json().error.code).toBe('upload_incomplete');
    expect((await send(location.toString(), { method: 'PUT', body: jsonlDataset(1) })).status).toBe(200);
  });
});

describe('POST /files/upload (one shot)', () => {
  test('streams the form file to disk and answers the file', async () => {
    const data = jsonlDataset(3, 'one-shot');
    const { body, contentType } = formBody({ purpose: 'fine-tune', file_type: 'jsonl' }, [
      { name: 'file', filename: 'ignored.jsonl', data },
    ]);
    // file_name after the file part: order does not matter.
    const withName = Buffer.concat([
      body.subarray(0, body.length - contentType.split('=')[1]!.length - 6),
      Buffer.from(
        `--${contentType.split('=')[1]}\r\nContent-Disposition: form-data; name="file_name"\r\n\r\nshot.jsonl\r\n--${contentType.split('=')[1]}--\r\n`,
      ),
    ]);
    const response = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body: withName,
    });
    expect(response.status).toBe(200);
    const file = response.json();
    expect(file).toMatchObject({
      filename: 'shot.jsonl',
      bytes: data.length,
      purpose: 'fine-tune',
      Processed: true,
    });
    const content = await send(`${server.baseURL}/files/${file.id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(data));
  });

  test('every purpose the official description lists for it is accepted', async () => {
    // Read from the vendored upstream extract, so a purpose added upstream is tested the day it arrives.
    const extract = readFileSync(new URL('../../../openapi/upstream/files.yaml', import.meta.url), 'utf8');
    const block = /\n {4}FilePurpose:\n[\s\S]*?\n {6}enum:\n((?: {8}- .+\n)+)/.exec(extract)?.[1] ?? '';
    const purposes = [...block.matchAll(/- '?([a-z-]+)'?/g)].map((match) => match[1]!);
    expect(purposes).toEqual(expect.arrayContaining(['fine-tune', 'eval', 'batch-api', 'eval-sample']));
    expect(purposes.length).toBeGreaterThanOrEqual(7);
    for (const purpose of purposes) {
      const { body, contentType } = formBody({ purpose, file_name: `${purpose}.jsonl` }, [
        { name: 'file', filename: `${purpose}.jsonl`, data: jsonlDataset(1, purpose) },
      ]);
      const response = await send(`${server.baseURL}/files/upload`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': contentType },
        body,
      });
      expect(response.status, `${purpose}: ${response.body}`).toBe(200);
      expect(response.json()).toMatchObject({ purpose, FileType: 'jsonl' });
    }
  });

  test('binary bytes that look like boundaries survive', async () => {
    const data = Buffer.concat([
      randomData(200_000),
      Buffer.from('\r\n--not-the-boundary\r\n'),
      randomData(70_000),
    ]);
    const { body, contentType } = formBody({ purpose: 'batch-api', file_name: 'bin.jsonl' }, [
      { name: 'file', filename: 'bin.jsonl', data },
    ]);
    const response = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(200);
    const content = await send(`${server.baseURL}/files/${response.json().id}/content`, { headers: AUTH });
    expect(sha256(content.body)).toBe(sha256(data));
  });

  test('bad fields answer 400 and leave no temp file', async () => {
    // Bytes only: the validation of earlier fine-tune files writes metadata temps (`<id>.json.*`) meanwhile.
    const blobTemps = async () => (await tempFiles()).filter((name) => !name.includes('.json.'));
    const before = await blobTemps();
    const { body, contentType } = formBody({ purpose: 'vision', file_name: 'v.jsonl' }, [
      { name: 'file', filename: 'v.jsonl', data: jsonlDataset(1) },
    ]);
    const response = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.json().error.param).toBe('purpose');
    expect(await blobTemps()).toEqual(before);
  });

  test('a form without a file, or not a form, answers 400', async () => {
    const { body, contentType } = formBody({ purpose: 'fine-tune', file_name: 'n.jsonl' });
    const noFile = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
    expect(noFile.status).toBe(400);
    expect(noFile.json().error.param).toBe('file');
    const notForm = await send(`${server.baseURL}/files/upload`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notForm.status).toBe(400);
  });
});
