// Over https, with a CA made for the test (openssl, into a temp folder) and a TLS terminator in front of the local
// server (tests/matrix/tls-front.mjs, which the matrix's https rows on Node, Bun and Deno use too), whose public URL
// is the https one (so the storage URLs are https too). A child process trusts the CA through NODE_EXTRA_CA_CERTS,
// with no insecure flag; without it the client fails with an APIConnectionError naming the certificate. Behind
// HTTPS_PROXY the proxy sees only CONNECT tunnels to the target, never an absolute-form request, and NO_PROXY sends
// the calls direct.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ServerHandle, startServer } from '@together-files/server';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeCertificates, startTlsFront, type TlsFront } from '../../../tests/matrix/tls-front.mjs';
import { API_KEY } from './helpers.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/https-child.mjs', import.meta.url));
// Bytes of each client's own for each run: equal bytes would end at the service's duplicate answer, with no PUT.
const texts = { promise: '', sync: '' };
let runs = 0;
let folder: string;
let front: TlsFront;
let server: ServerHandle;
let httpsURL: string;
let proxy: ProxyServer;
let proxyURL: string;
const seen: string[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'together-files-https-'));
  front = await startTlsFront(makeCertificates(folder));
  httpsURL = front.url;
  server = await startServer({ apiKey: API_KEY, publicUrl: httpsURL });
  front.setUpstream(Number(new URL(server.url).port));
  proxy = createProxy(createServer());
  proxy.on('request', (request) => seen.push(`${request.method} ${request.url}`));
  proxy.on('connect', (request) => seen.push(`CONNECT ${request.url}`));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyURL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await front?.close();
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

interface ChildReport {
  promise?: { id: string; listed: boolean; copy: string };
  sync?: { id: string; listed: boolean; copy: string };
  error?: { name: string; message: string };
}

/** Runs both clients against the https URL in a child process with `env` (and no inherited proxy or CA settings). */
async function runChild(
  env: Record<string, string>,
  proxyOption?: string,
  maxRetries = 0,
): Promise<ChildReport> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(https?_proxy|all_proxy|no_proxy|node_extra_ca_certs|node_tls_reject_unauthorized)$/i.test(name),
    ),
  );
  runs += 1;
  for (const name of ['promise', 'sync'] as const) {
    texts[name] = `{"text": "${name} over https, run ${runs}"}\n`;
    writeFileSync(join(folder, `${name}.jsonl`), texts[name]);
  }
  server.clearRequests();
  const task = { baseURL: `${httpsURL}/v1`, apiKey: API_KEY, folder, proxy: proxyOption, maxRetries };
  const { stdout } = await run(process.execPath, [child], {
    env: { ...clean, ...env, HTTPS_TASK: JSON.stringify(task) },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
}

function expectRoundTrips(report: ChildReport): void {
  expect(report.error).toBeUndefined();
  for (const name of ['promise', 'sync'] as const) {
    expect(report[name]?.listed).toBe(true);
    expect(report[name]?.copy).toBe(texts[name]);
  }
  // Each client's storage PUT went to the https storage URL the server gave (its plain port is never handed out).
  expect(server.requests.filter((request) => request.route === 'storagePut')).toHaveLength(2);
}

test('NODE_EXTRA_CA_CERTS: both clients upload (PUT to an https storage URL), list and download over https', async () => {
  expectRoundTrips(await runChild({ NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem') }));
});

test('without the CA, a typed connection error that names the certificate problem, at once, with no retry', async () => {
  front.takeConnections();
  // Retries allowed: a refused certificate would be refused again, so the client gives up after one connection.
  const report = await runChild({}, undefined, 2);
  expect(report.error?.name).toBe('APIConnectionError');
  expect(report.error?.message).toMatch(/certificate/i);
  expect(report.error?.message).toMatch(/NODE_EXTRA_CA_CERTS/);
  expect(front.takeConnections()).toBe(1);
});

test('HTTPS_PROXY: the proxy sees CONNECT tunnels to the https target, never absolute-form requests', async () => {
  seen.length = 0;
  const report = await runChild({ NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem'), HTTPS_PROXY: proxyURL });
  expectRoundTrips(report);
  const target = new URL(httpsURL).host;
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((line) => line === `CONNECT ${target}`)).toBe(true);
});

test('the proxy option tunnels https targets with CONNECT too, both clients, with no proxy variable', async () => {
  seen.length = 0;
  expectRoundTrips(await runChild({ NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem') }, proxyURL));
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((line) => line === `CONNECT ${new URL(httpsURL).host}`)).toBe(true);
});

test('NO_PROXY sends https calls direct, past HTTPS_PROXY', async () => {
  seen.length = 0;
  const report = await runChild({
    NODE_EXTRA_CA_CERTS: join(folder, 'ca.pem'),
    HTTPS_PROXY: proxyURL,
    NO_PROXY: '127.0.0.1',
  });
  expectRoundTrips(report);
  expect(seen).toEqual([]);
});
