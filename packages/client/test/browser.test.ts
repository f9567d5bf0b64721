import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ServerHandle, startServer } from '@together-files/server';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findChromium } from './find-browser.js';

const API_KEY = 'sk-browser-0123456789';
const packages = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// What runs in the page: the client as a browser bundle, driven by `window.run(baseURL)`.
const entry = `
import { Together, NotFoundError } from '@together-files/client';
window.run = async (baseURL, apiKey) => {
  const lines = Array.from({ length: 2000 }, (_, index) => JSON.stringify({ text: 'browser sample ' + index }) + '\\n');
  const file = new File([lines.join('')], 'browser.jsonl', { type: 'application/jsonl' });
  const client = new Together({ apiKey, baseURL, maxRetryDelay: 10 });
  const progress = [];
  const uploaded = await client.files.upload({ file, onProgress: ({ loaded }) => progress.push(loaded) });
  const list = await client.files.list();
  const text = await client.files.retrieveContent(uploaded.id);
  const stream = await client.files.content(uploaded.id);
  const streamed = await new Response(stream).text();
  const bigLines = new Blob([Array.from({ length: 11000 }, (_, index) => JSON.stringify({ text: 'x'.repeat(1000) + index }) + '\\n').join('')]);
  const multipart = new Together({ apiKey, baseURL, upload: { multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024 } });
  const large = await multipart.files.upload({ file: bigLines, filename: 'large.jsonl', check: false });
  const largeText = await multipart.files.retrieveContent(large.id);
  const deleted = await client.files.delete(uploaded.id);
  let notFound = false;
  try { await client.files.retrieve(uploaded.id); } catch (error) { notFound = error instanceof NotFoundError; }
  return {
    id: uploaded.id, filename: uploaded.filename, bytes: uploaded.bytes, size: file.size, requestId: uploaded._requestId,
    listed: list.data.some((item) => item.id === uploaded.id),
    roundTrip: text === (await file.text()), streamRoundTrip: streamed === (await file.text()),
    largeRoundTrip: largeText === (await bigLines.text()), largeBytes: large.bytes, largeSize: bigLines.size,
    deleted: deleted.deleted, notFound, lastProgress: progress.at(-1),
    hasProcess: typeof process !== 'undefined',
  };
};
`;

let api: ServerHandle;
let pages: Server;
let browser: Browser;
let pageOrigin: string;
let bundleInfo: { nodeImports: { path: string; kind: string }[] };

beforeAll(async () => {
  api = await startServer({ apiKey: API_KEY, recordHeaders: true });
  const alias = Object.fromEntries(
    ['client', 'core', 'enums', 'types'].map((name) => [
      `@together-files/${name}`,
      `${packages}${name}/src/index.ts`,
    ]),
  );
  const result = await build({
    stdin: { contents: entry, resolveDir: packages, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    metafile: true,
    alias,
    // The Node-only paths (Node's modules, the proxy agents) are dynamic imports the browser never reaches; they
    // must not be bundled. Bundled through the export conditions instead, from dist, no such import is left at all
    // (web-bundle.test.ts).
    external: ['node:*', 'http-proxy-agent', 'https-proxy-agent', 'proxy-from-env'],
    logLevel: 'silent',
  });
  const nodeImports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((item) => item.path.startsWith('node:')).map(({ path, kind }) => ({ path, kind })),
  );
  bundleInfo = { nodeImports };
  const script = result.outputFiles[0]!.text;
  pages = createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script type="module" src="/bundle.js"></script>');
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.close(resolve));
  await api?.close();
});

test('the browser bundle imports Node built-ins only dynamically', () => {
  expect(bundleInfo.nodeImports.length).toBeGreaterThan(0);
  for (const item of bundleInfo.nodeImports) expect(item.kind, item.path).toBe('dynamic-import');
});

test('in Chromium, from another origin: upload a File, list, download, stream, multipart, delete', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageOrigin);
  await page.waitForFunction(() => typeof (window as { run?: unknown }).run === 'function');
  const result = await page.evaluate(
    ([baseURL, apiKey]) =>
      (window as unknown as { run: (url: string, key: string) => Promise<Record<string, unknown>> }).run(
        baseURL!,
        apiKey!,
      ),
    [api.baseURL, API_KEY],
  );
  expect(errors).toEqual([]);
  expect(result).toMatchObject({
    filename: 'browser.jsonl',
    listed: true,
    roundTrip: true,
    streamRoundTrip: true,
    largeRoundTrip: true,
    deleted: true,
    notFound: true,
    hasProcess: false,
  });
  expect(result.bytes).toBe(result.size);
  expect(result.largeBytes).toBe(result.largeSize);
  expect(result.lastProgress).toBe(result.size);
  expect(result.requestId).toMatch(/^req_/);
  const routes = api.requests
    .filter((request) => request.route !== 'unknown')
    .map((request) => request.route);
  expect(routes).toContain('uploadFile');
  expect(routes.filter((route) => route === 'storagePut')).toHaveLength(3);
  for (const request of api.requests.filter((item) => item.route === 'storagePut')) {
    expect(request.headers.authorization).toBeUndefined();
  }
  await page.close();
}, 120_000);
