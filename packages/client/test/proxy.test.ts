// Through a real forward proxy on loopback (the npm `proxy` package): with HTTP_PROXY set, JSON calls and transfers
// (the storage PUT and the content GET included) reach the API as absolute-form requests through the proxy, as
// Python's requests sends them; NO_PROXY (either case) sends them direct.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { useServer } from './helpers.js';

const { server, client, dir } = useServer();
let proxy: ProxyServer;
let proxyURL: string;
const seen: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  proxy = createProxy(createServer());
  proxy.on('request', (request) => seen.push(`${request.method} ${request.url}`));
  proxy.on('connect', (request) => seen.push(`CONNECT ${request.url}`));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyURL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  seen.length = 0;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
});

test('HTTP_PROXY carries list, upload (with its storage PUT) and download, in absolute form', async () => {
  for (const name of ['NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env.HTTP_PROXY = proxyURL;
  const text = `{"text": "through the proxy ${Date.now()}"}\n`;
  const path = join(dir(), 'proxied.jsonl');
  writeFileSync(path, text);
  const files = client().files;
  const file = await files.upload({ file: path });
  await files.list();
  const output = join(dir(), 'proxied-copy.jsonl');
  const saved = await files.retrieveContent(file.id, { output });
  expect(saved.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  expect(readFileSync(output, 'utf8')).toBe(text);
  const origin = server().url;
  expect(seen).toContainEqual(`POST ${origin}/v1/files`);
  expect(seen.some((line) => line.startsWith(`PUT ${origin}/storage/`))).toBe(true);
  expect(seen).toContainEqual(`POST ${origin}/v1/files/${file.id}/preprocess`);
  expect(seen).toContainEqual(`GET ${origin}/v1/files`);
  expect(seen).toContainEqual(`GET ${origin}/v1/files/${file.id}/content`);
  // Every request the server saw came through the proxy.
  expect(server().requests.filter((request) => request.route !== 'admin').length).toBe(seen.length);
});

test('the lower-case http_proxy works too, and no_proxy sends the calls direct', async () => {
  process.env.http_proxy = proxyURL;
  await client().files.list();
  expect(seen).toEqual([`GET ${server().url}/v1/files`]);
  seen.length = 0;
  process.env.no_proxy = '127.0.0.1';
  await client().files.list();
  expect(seen).toEqual([]);
  process.env.NO_PROXY = 'localhost,127.0.0.1';
  delete process.env.no_proxy;
  await client().files.list();
  expect(seen).toEqual([]);
  expect(server().requests.filter((request) => request.route === 'listFiles')).toHaveLength(3);
});
