import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, type Json, jsonlDataset, send, uploadSingle, waitForProcessing } from './helpers.js';

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

function expectErrorData(body: Json, status: number) {
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.message).toMatch(/\S/);
  expect(typeof body.error.type).toBe('string');
  for (const key of ['param', 'code']) expect(['string', 'object']).toContain(typeof body.error[key]);
  if (status === 404) expect(body.error.type).toBe('not_found_error');
}

describe('list, retrieve, delete', () => {
  test('an uploaded file is listed, retrieved and deleted with the wire names', async () => {
    const uploaded = await uploadSingle(server, jsonlDataset(2), { file_name: 'dir/list.jsonl' });
    expect(uploaded.status).toBe(200);
    const file = uploaded.json();
    expect(file).toMatchObject({
      object: 'file',
      filename: 'list.jsonl',
      bytes: jsonlDataset(2).length,
      purpose: 'fine-tune',
      FileType: 'jsonl',
      Processed: true,
    });
    expect(file.id).toMatch(/^file-[0-9a-f-]{36}$/);
    expect(Number.isInteger(file.created_at)).toBe(true);

    const list = await send(`${server.baseURL}/files`, { headers: AUTH });
    expect(list.status).toBe(200);
    expect(list.json().object).toBe('list');
    expect(list.json().data.map((item: { id: string }) => item.id)).toContain(file.id);

    const retrieved = await send(`${server.baseURL}/files/${file.id}`, { headers: AUTH });
    expect(retrieved.status).toBe(200);
    expect(retrieved.json().id).toBe(file.id);

    const deleted = await send(`${server.baseURL}/files/${file.id}`, { method: 'DELETE', headers: AUTH });
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ id: file.id, object: 'file', deleted: true });

    const gone = await send(`${server.baseURL}/files/${file.id}`, { headers: AUTH });
    expect(gone.status).toBe(404);
    expectErrorData(gone.json(), 404);
    const listAfter = await send(`${server.baseURL}/files`, { headers: AUTH });
    expect(listAfter.json().data.map((item: { id: string }) => item.id)).not.toContain(file.id);
  });

  test.each([
    ['GET', 'files/file-unknown'],
    ['DELETE', 'files/file-unknown'],
    ['GET', 'files/file-unknown/content'],
    ['POST', 'files/file-unknown/preprocess'],
  ])('%s /%s of an unknown id answers 404 ErrorData', async (method, path) => {
    const response = await send(`${server.baseURL}/${path}`, { method, headers: AUTH });
    expect(response.status).toBe(404);
    expectErrorData(response.json(), 404);
  });

  test.each([
    '..%2F..%2Fetc%2Fpasswd',
    '%2E%2E',
    '.hidden',
    '-dash',
    'a%2Fb',
    'a%5Cb',
    '%00',
    'x'.repeat(300),
  ])('the unsafe id %s answers 404 without touching the disk', async (id) => {
    for (const path of [`files/${id}`, `files/${id}/content`]) {
      const response = await send(`${server.baseURL}/${path}`, { headers: AUTH });
      expect(response.status).toBe(404);
    }
  });

  test('a path that is not valid percent-encoding answers 400', async () => {
    const response = await send(`${server.baseURL}/files/%E0%A4%A`, { headers: AUTH });
    expect(response.status).toBe(400);
    expectErrorData(response.json(), 400);
  });

  test('an unknown route answers 404 and a wrong method 405 with Allow', async () => {
    const unknown = await send(`${server.baseURL}/nothing`, { headers: AUTH });
    expect(unknown.status).toBe(404);
    expectErrorData(unknown.json(), 404);
    const wrongMethod = await send(`${server.baseURL}/files`, { method: 'PUT', headers: AUTH });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
  });
});

describe('auth', () => {
  test('/v1 without a bearer token answers 401 ErrorData', async () => {
    for (const headers of [{}, { authorization: 'Bearer ' }, { authorization: 'Basic abc' }] as Record<
      string,
      string
    >[]) {
      const response = await send(`${server.baseURL}/files`, { headers });
      expect(response.status).toBe(401);
      expect(response.json().error.type).toBe('authentication_error');
    }
  });

  test('with apiKey only that key passes, on /v1 and on admin routes', async () => {
    const keyed = await startServer({ apiKey: 'right-key' });
    try {
      for (const path of ['/v1/files', '/_admin/requests']) {
        expect(
          (await send(`${keyed.url}${path}`, { headers: { authorization: 'Bearer wrong' } })).status,
        ).toBe(401);
        expect((await send(`${keyed.url}${path}`)).status).toBe(401);
        expect(
          (await send(`${keyed.url}${path}`, { headers: { authorization: 'Bearer right-key' } })).status,
        ).toBe(200);
      }
    } finally {
      await keyed.close();
    }
  });
});

describe('every answer', () => {
  test('carries a fresh x-request-id and open CORS headers, errors included', async () => {
    const ok = await send(`${server.baseURL}/files`, { headers: AUTH });
    const error = await send(`${server.baseURL}/files`);
    const ids = [ok.headers['x-request-id'], error.headers['x-request-id']];
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    for (const response of [ok, error]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      const exposed = String(response.headers['access-control-expose-headers']).toLowerCase();
      for (const name of [
        'location',
        'x-together-file-id',
        'etag',
        'x-request-id',
        'content-length',
        'content-range',
      ]) {
        expect(exposed).toContain(name);
      }
    }
  });

  test('a CORS preflight is answered without auth, allowing the asked headers', async () => {
    const response = await send(`${server.baseURL}/files`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-methods']).toContain('PUT');
    expect(response.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(response.headers['x-request-id']).toBeDefined();
  });
});

describe('validation of fine-tune files', () => {
  test('a valid dataset goes to COMPLETED with a report', async () => {
    const file = (await uploadSingle(server, jsonlDataset(4))).json();
    expect(['QUEUED', 'RUNNING', 'COMPLETED']).toContain(file.processing_status);
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('COMPLETED');
    expect(done.validation_report).toMatchObject({ valid: true, nlines: 4 });
  });

  test('an invalid dataset goes to INVALID_FORMAT with the error', async () => {
    const file = (await uploadSingle(server, Buffer.from('{"text": "ok"}\nnot json\n'))).json();
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('INVALID_FORMAT');
    expect(done.validation_report.valid).toBe(false);
    expect(done.validation_report.error).toMatch(/\S/);
  });

  test('files of other purposes get no processing status', async () => {
    const file = (
      await uploadSingle(server, jsonlDataset(1), { purpose: 'batch-api', file_name: 'b.jsonl' })
    ).json();
    expect(file.processing_status).toBeUndefined();
    expect(file.validation_report).toBeUndefined();
    const retrieved = (await send(`${server.baseURL}/files/${file.id}`, { headers: AUTH })).json();
    expect(retrieved.processing_status).toBeUndefined();
  });
});
