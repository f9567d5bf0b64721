import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, downloadWhileDeleting, randomData, send, sha256, uploadSingle } from './helpers.js';

let server: ServerHandle;
let id: string;
const data = randomData(100_000);

beforeAll(async () => {
  server = await startServer();
  id = (await uploadSingle(server, data, { purpose: 'batch-api', file_name: 'range.jsonl' })).json().id;
});
afterAll(async () => {
  await server.close();
});

function download(range?: string) {
  return send(`${server.baseURL}/files/${id}/content`, {
    headers: { ...AUTH, accept: 'application/binary', ...(range && { range }) },
  });
}

describe('GET /files/{id}/content', () => {
  test('the whole file: 200 with Content-Length and Accept-Ranges', async () => {
    const response = await download();
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(data.length));
    expect(response.headers['accept-ranges']).toBe('bytes');
    // The one media type the official description declares for the content.
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.body.equals(data)).toBe(true);
  });

  test.each([
    ['bytes=60000-', 60_000, 99_999],
    ['bytes=10-19', 10, 19],
    ['bytes=99990-200000', 99_990, 99_999],
    ['bytes=-100', 99_900, 99_999],
    ['bytes=0-0', 0, 0],
  ])('Range %s answers 206 with Content-Range and Content-Length', async (range, start, end) => {
    const response = await download(range);
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${data.length}`);
    expect(response.headers['content-length']).toBe(String(end - start + 1));
    expect(response.body.equals(data.subarray(start, end + 1))).toBe(true);
  });

  test.each(['bytes=100000-', 'bytes=200000-300000', 'bytes=-0'])(
    'Range %s past the end answers 416',
    async (range) => {
      const response = await download(range);
      expect(response.status).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${data.length}`);
      expect(response.json().error.code).toBe('range_not_satisfiable');
    },
  );

  test('a malformed or multi-range header is ignored (200, whole file)', async () => {
    for (const range of ['items=1-2', 'bytes=1-2,5-6', 'bytes=abc']) {
      const response = await download(range);
      expect(response.status).toBe(200);
      expect(response.body.length).toBe(data.length);
    }
  });

  test('deleting while a download streams does not corrupt the download', async () => {
    const big = randomData(16 * 1024 * 1024);
    const bigId = (await uploadSingle(server, big, { purpose: 'batch-api', file_name: 'big.jsonl' })).json()
      .id;
    const streamed = await downloadWhileDeleting(server, bigId);
    expect(streamed.deleteStatus).toBe(200);
    expect(streamed.received).toBe(big.length);
    expect(streamed.sha256).toBe(sha256(big));
    expect((await send(`${server.baseURL}/files/${bigId}/content`, { headers: AUTH })).status).toBe(404);
  });
});
