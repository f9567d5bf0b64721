import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../src/start-server.js';
import type { ServerHandle } from '../src/types.js';
import { AUTH, send, uploadSingle } from './helpers.js';

/** Polls the file until its validation ends (longer than the shared helper waits: a busy machine is slow). */
async function waitForProcessing(server: ServerHandle, id: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const file = (await send(`${server.baseURL}/files/${id}`, { headers: AUTH })).json();
    if (['COMPLETED', 'FAILED', 'INVALID_FORMAT'].includes(file.processing_status)) return file;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`file ${id} never finished processing`);
}

/** A Parquet file whose footer lists `count` empty schema elements (a byte each): a "schema bomb". */
function schemaBomb(count: number): Buffer {
  const varint = (value: number) => {
    const bytes: number[] = [];
    for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value % 128) | 0x80);
    return [...bytes, value];
  };
  // FileMetaData: version (i32 2), schema (list of `count` empty structs), num_rows (i64 1), stop.
  const head = Buffer.from([0x15, 0x04, 0x19, 0xfc, ...varint(count)]);
  const footer = Buffer.concat([head, Buffer.alloc(count), Buffer.from([0x16, 0x02, 0x00])]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  return Buffer.concat([Buffer.from('PAR1'), footer, length, Buffer.from('PAR1')]);
}

let server: ServerHandle;
beforeAll(async () => {
  // A small heap, so that a dataset can exceed it here without gigabytes of test data.
  server = await startServer({ validation: { memoryMb: 64, timeoutMs: 60_000 } });
});
afterAll(() => server?.close());

describe('the server validates as the service does, off the request path, within limits', () => {
  test('a semantic finding (a warning for the SDK) is INVALID_FORMAT here, with its line', async () => {
    const lines = [
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
      {
        messages: [
          { role: 'robot', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
    ];
    const data = Buffer.from(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const file = (await uploadSingle(server, data)).json();
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('INVALID_FORMAT');
    expect(done.validation_report).toMatchObject({ valid: false, nlines: 2, error_type: 'INVALID_FORMAT' });
    expect(done.validation_report.error).toMatch(/^Line 2: message 1 has role "robot"/);
  });

  test('a Parquet schema bomb fails validation with a report, fast; the server answers meanwhile (issue 13, 1)', async () => {
    const file = (await uploadSingle(server, schemaBomb(3_000_000), { file_name: 'bomb.parquet' })).json();
    expect((await send(`${server.baseURL}/files`, { headers: AUTH })).status).toBe(200);
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('INVALID_FORMAT');
    expect(done.validation_report.error).toMatch(/3000000 schema elements; at most 10000 are read/);
  });

  test('a dataset that needs more than the heap limit fails with a report; the server stays up (issue 13, 1)', async () => {
    // One line whose array needs ~64 MB of heap to parse: more than the validating thread may have.
    const data = Buffer.from(`{"text": "a", "x": [${'0,'.repeat(8_000_000)}0]}\n`);
    const file = (await uploadSingle(server, data)).json();
    const done = await waitForProcessing(server, file.id);
    expect(done.processing_status).toBe('FAILED');
    expect(done.validation_report).toMatchObject({ valid: false });
    expect(done.validation_report.error).toMatch(/more than 64 MB of memory/);
    expect((await send(`${server.baseURL}/files/${file.id}`, { headers: AUTH })).status).toBe(200);
  });
});
