// Through a real forward proxy on loopback (the npm `proxy` package): with HTTP_PROXY set, JSON calls and transfers
// (the storage PUT and the content GET included) reach the API as absolute-form requests through the proxy, as
// Python's requests sends them; NO_PROXY (either case) sends them direct. The `proxy` and `httpAgent` options do the
// same without the environment. (CONNECT to https targets: tls.test.ts.)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TogetherError } from '@together-files/core';
import { HttpProxyAgent } from 'http-proxy-agent';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Together } from '../src/index.js';
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

/** Uploads, lists and downloads with `together`; checks that the proxy saw each request, and nothing went direct. */
async function roundTripThroughProxy(together: Together, name: string): Promise<void> {
  const text = `{"text": "${name} through the proxy ${Date.now()}"}\n`;
  const path = join(dir(), `${name}.jsonl`);
  writeFileSync(path, text);
  const files = together.files;
  const file = await files.upload({ file: path });
  await files.list();
  const output = join(dir(), `${name}-copy.jsonl`);
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
}

test('HTTP_PROXY carries list, upload (with its storage PUT) and download, in absolute form', async () => {
  for (const name of ['NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env.HTTP_PROXY = proxyURL;
  await roundTripThroughProxy(client(), 'env');
});

test('the proxy option carries every request without the environment, and replaces NO_PROXY', async () => {
  process.env.NO_PROXY = '127.0.0.1,localhost';
  await roundTripThroughProxy(client({ proxy: proxyURL }), 'option');
  // A client without the option, beside it, goes direct.
  await client().files.list();
  expect(seen.filter((line) => line === `GET ${server().url}/v1/files`)).toHaveLength(1);
});

test('an httpAgent (here http-proxy-agent) carries every request', async () => {
  const httpAgent = new HttpProxyAgent(proxyURL, { keepAlive: true });
  try {
    await roundTripThroughProxy(client({ httpAgent }), 'agent');
  } finally {
    httpAgent.destroy();
  }
});

test('proxy and httpAgent are refused where they cannot apply, before any request', () => {
  expect(() => client({ proxy: 'socks5://127.0.0.1:1080' })).toThrow(TogetherError);
  // The message shows the URL's shape, never its password.
  expect(() => client({ proxy: 'ftp://user:hunter2@proxy.internal' })).toThrow(
    /"ftp:\/\/\*\*\*@proxy.internal"/,
  );
  expect(() => client({ proxy: proxyURL, fetch: globalThis.fetch })).toThrow(/custom `fetch` replaces/);
  expect(() => client({ proxy: proxyURL, httpAgent: new HttpProxyAgent(proxyURL) })).toThrow(/not both/);
  expect(() => client({ httpAgent: {} as never })).toThrow(/http\.Agent/);
  expect(server().requests).toHaveLength(0);
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
