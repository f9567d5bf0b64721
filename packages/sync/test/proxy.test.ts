// The `proxy` option reaches the worker: blocking upload (its storage PUT included), list and download go through a
// real forward proxy on loopback, with no proxy variable in the environment. An agent cannot cross to the worker and
// is refused at construction.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TogetherError, TogetherSync } from '@together-files/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { API_KEY, type ServerProcess, startServerProcess } from './server-process.ts';

let server: ServerProcess;
let proxy: ChildProcess;
let proxyURL: string;
let dir: string;
const seen: string[] = [];

beforeAll(async () => {
  for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
    delete process.env[name];
  }
  server = await startServerProcess();
  dir = mkdtempSync(join(tmpdir(), 'sync-proxy-'));
  proxy = spawn(process.execPath, [fileURLToPath(new URL('fixtures/forward-proxy.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proxy.stdout! });
  proxyURL = await new Promise<string>((resolve) => lines.once('line', resolve));
  lines.on('line', (line) => seen.push(line));
});

afterAll(async () => {
  proxy?.kill('SIGTERM');
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the proxy option carries the worker's upload, list and download", async () => {
  const text = `{"text": "sync through the proxy ${Date.now()}"}\n`;
  const path = join(dir, 'sync-proxied.jsonl');
  writeFileSync(path, text);
  const client = new TogetherSync({
    apiKey: API_KEY,
    baseURL: server.baseURL,
    logLevel: 'off',
    proxy: proxyURL,
  });
  let id: string;
  try {
    id = client.files.upload({ file: path }).id;
    expect(client.files.list().data.some((file) => file.id === id)).toBe(true);
    client.files.retrieveContent(id, { output: join(dir, 'sync-copy.jsonl') });
  } finally {
    client.close();
  }
  expect(readFileSync(join(dir, 'sync-copy.jsonl'), 'utf8')).toBe(text);
  // The proxy's lines arrive on this thread's event loop, which the blocking calls held up.
  const expected = [
    `POST ${server.url}/v1/files`,
    `POST ${server.url}/v1/files/${id}/preprocess`,
    `GET ${server.url}/v1/files`,
    `GET ${server.url}/v1/files/${id}/content`,
  ];
  await expect.poll(() => expected.filter((line) => !seen.includes(line))).toEqual([]);
  expect(seen.some((line) => line.startsWith(`PUT ${server.url}/storage/`))).toBe(true);
  const direct = (await server.requests()).filter((request) => request.route !== 'admin');
  expect(direct.length).toBe(seen.length);
});

test('an httpAgent is refused with a TogetherError that points to the proxy option', () => {
  const agent = { addRequest() {} };
  expect(
    () => new TogetherSync({ apiKey: API_KEY, baseURL: server.baseURL, httpAgent: agent } as never),
  ).toThrow(TogetherError);
  expect(
    () => new TogetherSync({ apiKey: API_KEY, baseURL: server.baseURL, httpAgent: agent } as never),
  ).toThrow(/Pass `proxy/);
});
