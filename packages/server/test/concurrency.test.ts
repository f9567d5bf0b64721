import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import { AUTH, randomData, send, sha256, uploadSingle } from './helpers.js';

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

test('50 concurrent uploads then 50 concurrent downloads of distinct files keep every byte', async () => {
  const files = Array.from({ length: 50 }, (_, index) => randomData(20_000 + index * 3_001));
  const uploaded = await Promise.all(
    files.map(async (data, index) => {
      const response = await uploadSingle(server, data, {
        purpose: 'batch-api',
        file_name: `c${index}.jsonl`,
      });
      expect(response.status).toBe(200);
      return response.json() as { id: string; bytes: number };
    }),
  );
  expect(new Set(uploaded.map((file) => file.id)).size).toBe(50);
  expect(uploaded.map((file) => file.bytes)).toEqual(files.map((data) => data.length));

  const downloaded = await Promise.all(
    uploaded.map((file) => send(`${server.baseURL}/files/${file.id}/content`, { headers: AUTH })),
  );
  downloaded.forEach((response, index) => {
    expect(response.status).toBe(200);
    expect(sha256(response.body)).toBe(sha256(files[index]!));
  });
  const list = (await send(`${server.baseURL}/files`, { headers: AUTH })).json();
  expect(list.data).toHaveLength(50);
});

test('uploads and downloads at the same time, interleaved', async () => {
  const seeds = await Promise.all(
    Array.from({ length: 10 }, async (_, index) => {
      const data = randomData(30_000 + index);
      const id = (
        await uploadSingle(server, data, { purpose: 'batch-api', file_name: `s${index}.jsonl` })
      ).json().id;
      return { id, data };
    }),
  );
  const work = Array.from({ length: 40 }, async (_, index) => {
    if (index % 2 === 0) {
      const seed = seeds[index % seeds.length]!;
      const response = await send(`${server.baseURL}/files/${seed.id}/content`, { headers: AUTH });
      expect(sha256(response.body)).toBe(sha256(seed.data));
      return;
    }
    const data = randomData(10_000 + index);
    const file = (
      await uploadSingle(server, data, { purpose: 'batch-api', file_name: `m${index}.jsonl` })
    ).json();
    const back = await send(`${server.baseURL}/files/${file.id}/content`, { headers: AUTH });
    expect(sha256(back.body)).toBe(sha256(data));
  });
  await Promise.all(work);
});
