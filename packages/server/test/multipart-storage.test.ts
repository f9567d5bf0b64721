import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerHandle, startServer } from '../src/index.js';
import {
  AUTH,
  downloadWhileDeleting,
  randomData,
  send,
  sha256,
  uploadMultipart,
  waitForProcessing,
} from './helpers.js';

// A multipart file is kept as its parts (no copy at complete): reads must cross their boundaries seamlessly.
const MiB = 1024 * 1024;
let server: ServerHandle;
const parts = [randomData(5 * MiB), randomData(5 * MiB), randomData(1000)];
const whole = Buffer.concat(parts);
let id: string;

beforeAll(async () => {
  server = await startServer();
  const completed = await uploadMultipart(server, parts);
  expect(completed.status).toBe(200);
  id = completed.json().id;
});
afterAll(async () => {
  await server.close();
});

function download(fileId: string, range?: string) {
  return send(`${server.baseURL}/files/${fileId}/content`, { headers: { ...AUTH, ...(range && { range }) } });
}

describe('a completed multipart file', () => {
  test('is stored as its parts, in order, and downloads whole', async () => {
    expect((await stat(join(server.dataDir, 'blobs', id))).isDirectory()).toBe(true);
    expect((await readdir(join(server.dataDir, 'blobs', id))).sort()).toEqual(['1', '2', '3']);
    const response = await download(id);
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(whole.length));
    expect(sha256(response.body)).toBe(sha256(whole));
  });

  const boundary = 5 * MiB;
  test.each([
    ['across the first boundary', boundary - 10, boundary + 9],
    ['ending on the last byte of a part', boundary - 100, boundary - 1],
    ['starting on the first byte of a part', boundary, boundary + 99],
    ['across both boundaries', boundary - 1, 2 * boundary],
    ['the last part only', 2 * boundary + 1, 2 * boundary + 999],
    ['a suffix reaching into the middle part', 2 * boundary - 5, 2 * boundary + 999],
  ])('Range %s answers exactly those bytes', async (_, start, end) => {
    const response = await download(id, `bytes=${start}-${end}`);
    expect(response.status).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${whole.length}`);
    expect(response.body.equals(whole.subarray(start, end + 1))).toBe(true);
  });

  test('a download fault cuts it off after K bytes, even past a part boundary', async () => {
    server.faults.add({ route: 'retrieveFileContent', resetAfterBytes: boundary + 10 });
    await expect(download(id)).rejects.toThrow();
  });

  test('deleting it while a download streams does not cut the download short; the parts go after', async () => {
    const fileId = (await uploadMultipart(server, parts)).json().id;
    const streamed = await downloadWhileDeleting(server, fileId);
    expect(streamed.deleteStatus).toBe(200);
    expect(streamed.received).toBe(whole.length);
    expect(streamed.sha256).toBe(sha256(whole));
    expect((await download(fileId)).status).toBe(404);
    // The server lets the parts go as its handler finishes, just after the last byte went out.
    const gone = async () =>
      stat(join(server.dataDir, 'blobs', fileId)).then(
        () => false,
        () => true,
      );
    for (let attempt = 0; attempt < 100 && !(await gone()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await gone()).toBe(true);
  });

  test('its sha256 is known after complete: a checksum of it answers 409 with its id', async () => {
    const response = await send(`${server.baseURL}/files/multipart/initiate`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        file_name: 'again.jsonl',
        file_size: whole.length,
        num_parts: 3,
        purpose: 'batch-api',
        checksum: sha256(whole),
      }),
    });
    expect(response.status).toBe(409);
    expect(response.json().file_id).toBe(id);
  });

  test('a checksum announced at initiate is checked at complete', async () => {
    const other = [randomData(5 * MiB), randomData(10)];
    const good = await uploadMultipart(server, other, { checksum: sha256(Buffer.concat(other)) });
    expect(good.status).toBe(200);
    const bad = await uploadMultipart(server, [randomData(5 * MiB), randomData(10)], {
      checksum: 'a'.repeat(64),
    });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('checksum_mismatch');
  });

  test('a fine-tune file is validated across its parts (lines split between parts)', async () => {
    const line = `${JSON.stringify({ text: 'x'.repeat(1000) })}\n`;
    const jsonl = Buffer.from(line.repeat(Math.ceil((10 * MiB + 500) / line.length)));
    const split = [
      jsonl.subarray(0, 5 * MiB + 7),
      jsonl.subarray(5 * MiB + 7, 10 * MiB + 13),
      jsonl.subarray(10 * MiB + 13),
    ];
    const completed = await uploadMultipart(server, split, { purpose: 'fine-tune' });
    expect(completed.status, String(completed.body)).toBe(200);
    const file = completed.json();
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('COMPLETED');
    expect(done.validation_report.nlines).toBe(jsonl.length / line.length);
  });
});
