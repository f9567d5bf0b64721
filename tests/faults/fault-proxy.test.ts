import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultKind, type FaultProxy, startFaultProxy } from './fault-proxy.js';

// The proxy is the instrument of the reliability suite: each fault must really reach the client as the failure it
// imitates, and a transparent proxy must not change a byte.
const body = Buffer.alloc(256 * 1024, 'abcdefghij');
let upstream: http.Server;
let upstreamPort: number;
const seen: Array<{ method: string; bytes: number; aborted: boolean }> = [];

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    let bytes = 0;
    const entry = { method: request.method ?? '', bytes: 0, aborted: false };
    seen.push(entry);
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    request.on('aborted', () => {
      entry.aborted = true;
    });
    request.on('end', () => {
      entry.bytes = bytes;
      const origin = `http://127.0.0.1:${upstreamPort}`;
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `${origin}/storage/a?signature=1` }).end();
        return;
      }
      if (request.url === '/json') {
        const json = JSON.stringify({
          parts: [{ URL: `${origin}/storage/p1` }, { URL: `${origin}/storage/p2` }],
        });
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
        });
        response.end(json);
        return;
      }
      response.writeHead(200, { 'content-length': body.length, 'x-received': String(bytes) });
      response.end(body);
    });
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  upstreamPort = (upstream.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

async function withProxy(kind: FaultKind | undefined, test: (proxy: FaultProxy) => Promise<void>) {
  const proxy = await startFaultProxy({
    upstream: { host: '127.0.0.1', port: upstreamPort },
    seed: 42,
    rates: kind ? { [kind]: 1 } : {},
    stallMs: { min: 20, max: 40 },
    retryAfterSeconds: 3,
  });
  try {
    await test(proxy);
  } finally {
    await proxy.close();
  }
}

describe('fault proxy', () => {
  it('passes bytes through untouched on keep-alive connections when no fault is set', async () => {
    await withProxy(undefined, async (proxy) => {
      for (let round = 0; round < 3; round++) {
        const response = await fetch(`${proxy.url}/echo`, {
          method: 'PUT',
          body: body.subarray(0, 1000 * round),
        });
        expect(response.headers.get('x-received')).toBe(String(1000 * round));
        expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
      }
      expect(proxy.requestCount()).toBe(3);
      expect(proxy.injected).toEqual([]);
    });
  });

  it('answers 503 with Retry-After itself and never forwards the request', async () => {
    await withProxy('status-503', async (proxy) => {
      const before = seen.length;
      const response = await fetch(`${proxy.url}/files`, { method: 'POST', body: 'purpose=fine-tune' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('3');
      expect((await response.json()).error.message).toMatch(/injected 503/);
      expect(seen.length).toBe(before);
      expect(proxy.injected).toEqual([{ kind: 'status-503', method: 'POST', path: '/files' }]);
    });
  });

  it('truncates a response body with a clean close that the client notices', async () => {
    await withProxy('truncate-response', async (proxy) => {
      const response = await fetch(`${proxy.url}/content`);
      await expect(response.arrayBuffer()).rejects.toThrow();
      expect(proxy.injected.map((fault) => fault.kind)).toEqual(['truncate-response']);
    });
  });

  it('resets a connection in the middle of a response', async () => {
    await withProxy('reset-response', async (proxy) => {
      await expect(
        fetch(`${proxy.url}/content`).then((response) => response.arrayBuffer()),
      ).rejects.toThrow();
      expect(proxy.injected.map((fault) => fault.kind)).toEqual(['reset-response']);
    });
  });

  it('resets a connection in the middle of a request body, and the upstream sees the upload cut short', async () => {
    await withProxy('reset-request', async (proxy) => {
      const before = seen.length;
      await expect(fetch(`${proxy.url}/storage/x`, { method: 'PUT', body })).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const received = seen.slice(before);
      expect(received.every((entry) => entry.aborted || entry.bytes < body.length)).toBe(true);
      expect(proxy.injected.map((fault) => fault.kind)).toEqual(['reset-request']);
    });
  });

  it('stalls a response and then delivers it intact', async () => {
    await withProxy('stall', async (proxy) => {
      const response = await fetch(`${proxy.url}/content`);
      expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
      expect(proxy.injected.map((fault) => fault.kind)).toEqual(['stall']);
    });
  });

  it("rewrites the upstream's origin into its own in Location headers and JSON bodies", async () => {
    const proxy = await startFaultProxy({
      upstream: { host: '127.0.0.1', port: upstreamPort },
      seed: 1,
      rewrite: { from: `http://127.0.0.1:${upstreamPort}` },
    });
    try {
      const redirect = await fetch(`${proxy.url}/redirect`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe(`${proxy.url}/storage/a?signature=1`);
      const json = await fetch(`${proxy.url}/json`);
      expect(await json.json()).toEqual({
        parts: [{ URL: `${proxy.url}/storage/p1` }, { URL: `${proxy.url}/storage/p2` }],
      });
      const content = await fetch(`${proxy.url}/content`);
      expect(Buffer.from(await content.arrayBuffer()).equals(body)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('replays the same faults for the same seed', async () => {
    const run = async () => {
      const proxy = await startFaultProxy({
        upstream: { host: '127.0.0.1', port: upstreamPort },
        seed: 7,
        rates: { 'status-503': 0.3, 'status-429': 0.3 },
      });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) {
        const response = await fetch(`${proxy.url}/files/${index}`);
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      await proxy.close();
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});
