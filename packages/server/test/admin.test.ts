import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, send } from './helpers.js';

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer({ apiKey: 'test-key' });
});
beforeEach(() => {
  server.faults.clear();
  server.clearRequests();
});
afterAll(async () => {
  await server.close();
});

function admin(method: string, path: string, body?: unknown) {
  return send(`${server.url}/_admin/${path}`, {
    method,
    headers: { ...AUTH, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

describe('/_admin/faults', () => {
  test('POST adds faults that then hit; GET lists them with the hits left; DELETE clears', async () => {
    const added = await admin('POST', 'faults', {
      faults: [
        { route: 'listFiles', status: 503, times: 2 },
        { route: 'storagePut', resetAfterBytes: 10 },
      ],
    });
    expect(added.status).toBe(200);
    expect(added.json().faults).toHaveLength(2);
    expect((await send(`${server.baseURL}/files`, { headers: AUTH })).status).toBe(503);
    const listed = await admin('GET', 'faults');
    expect(listed.json().faults).toEqual([
      { route: 'listFiles', status: 503, times: 1 },
      { route: 'storagePut', resetAfterBytes: 10, times: 1 },
    ]);
    expect((await admin('DELETE', 'faults')).json()).toEqual({ faults: [] });
    expect((await send(`${server.baseURL}/files`, { headers: AUTH })).status).toBe(200);
  });

  test('admin routes are never hit by faults', async () => {
    server.faults.add({ route: '*', status: 500, times: 5 });
    expect((await admin('GET', 'faults')).status).toBe(200);
    expect((await admin('GET', 'requests')).status).toBe(200);
  });

  test.each([
    [{ faults: 'no' }],
    [{ faults: [{ route: 'nope', status: 500 }] }],
    [{ faults: [{ route: 'listFiles', status: 'x' }] }],
    [{ faults: [{ route: 'listFiles', times: -1 }] }],
    [{ faults: [{ route: 'listFiles', headers: { a: 1 } }] }],
    [{ faults: [{ route: 'listFiles', typo: 1 }] }],
  ])('a bad plan %o answers 400 and adds nothing', async (body) => {
    const response = await admin('POST', 'faults', body);
    expect(response.status).toBe(400);
    expect(response.json().error.param).toBe('faults');
    expect((await admin('GET', 'faults')).json().faults).toEqual([]);
  });
});

describe('/_admin/requests and the request log', () => {
  test('every accepted request is recorded in order with method, path without query and route, never headers', async () => {
    await send(`${server.baseURL}/files?limit=1`, { headers: { ...AUTH, 'X-Custom': 'Yes' } });
    await send(`${server.baseURL}/files/file-x/content`, { headers: AUTH });
    await send(`${server.baseURL}/nowhere`, { headers: AUTH });
    // Not past auth, so not recorded: a bad key, a storage URL with a bad signature, a preflight, a stray path.
    await send(`${server.baseURL}/files`, { headers: { authorization: 'Bearer wrong' } });
    await send(`${server.url}/storage/file-x?expires=1&signature=00`, { method: 'PUT', body: 'x' });
    await send(`${server.baseURL}/files`, { method: 'OPTIONS' });
    await send(`${server.url}/elsewhere`);
    const response = await admin('GET', 'requests');
    const requests = response.json().requests;
    expect(requests).toEqual([
      { method: 'GET', path: '/v1/files', route: 'listFiles' },
      { method: 'GET', path: '/v1/files/file-x/content', route: 'retrieveFileContent' },
      { method: 'GET', path: '/v1/nowhere', route: 'unknown' },
      { method: 'GET', path: '/_admin/requests', route: 'admin' },
    ]);
    expect(response.body.toString()).not.toContain('test-key');
    // The handle sees the same live log, without headers unless the server was started with recordHeaders.
    expect(server.requests.map((entry) => entry.route)).toEqual(
      requests.map((entry: { route: string }) => entry.route),
    );
    expect(server.requests[0]?.headers).toEqual({});
  });

  test('DELETE clears the log; so does clearRequests()', async () => {
    await send(`${server.baseURL}/files`, { headers: AUTH });
    expect((await admin('DELETE', 'requests')).json()).toEqual({ requests: [] });
    expect(server.requests.map((entry) => entry.route)).toEqual([]);
    await send(`${server.baseURL}/files`, { headers: AUTH });
    const live = server.requests;
    server.clearRequests();
    expect(live).toHaveLength(0);
  });

  test('admin routes need the API key and refuse other methods', async () => {
    expect((await send(`${server.url}/_admin/requests`)).status).toBe(401);
    expect((await admin('PUT', 'requests')).status).toBe(405);
    expect((await admin('GET', 'unknown')).status).toBe(404);
  });
});
