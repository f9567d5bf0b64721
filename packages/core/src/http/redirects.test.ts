import { describe, expect, test } from 'vitest';
import { TogetherError } from '../errors/together-error.js';
import { redactURL, sendFollowingRedirects } from './redirects.js';
import type { TransferRequest, TransferResponse, Transport } from './transport.js';
import { isUnsafeHost } from './unsafe-host.js';

describe('isUnsafeHost', () => {
  test.each([
    'localhost',
    'api.localhost',
    '127.0.0.1',
    '127.8.9.1',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '[::1]',
    '::',
    '[::ffff:127.0.0.1]',
    'fd00:ec2::254',
    'fe80::1',
    'metadata.google.internal',
    // Issue 13.13: every spelling of a refused address is refused.
    '[::ffff:169.254.169.254]',
    '[::ffff:a9fe:a9fe]',
    '[::ffff:7f00:1]',
    '::ffff:0:127.0.0.1',
    '[::127.0.0.1]',
    '[::7f00:1]',
    '[0:0:0:0:0:ffff:127.0.0.1]',
    '[64:ff9b::127.0.0.1]',
    '[64:ff9b::a9fe:a9fe]',
    '[64:ff9b:1::10.0.0.1]',
    '[2002:7f00:1::]',
    '0x7f.0.0.1',
    '0x7f000001',
    '0177.0.0.1',
    '017700000001',
    '2130706433',
    '127.1',
    '10.1',
    '0xa9.0xfe.0xa9.0xfe',
    '127.0.0.1.',
    'localhost.',
    'metadata.google.internal.',
    '[fe80::1%25eth0]',
    'fec0::1',
    '[::ffff:zzzz]',
  ])('%s is refused', (host) => {
    expect(isUnsafeHost(host)).toBe(true);
  });
  test.each([
    's3.amazonaws.com',
    '8.8.8.8',
    '172.32.0.1',
    '2600:1f18::1',
    'storage.together.ai',
    '[::ffff:8.8.8.8]',
    '[64:ff9b::8.8.8.8]',
    '0x8.8.8.8',
    '134744072',
    '1.2.3.4.5',
    '127.example.com',
  ])('%s is allowed', (host) => {
    expect(isUnsafeHost(host)).toBe(false);
  });
});

/** A transport answering from a table of URL → response. */
function fakeTransport(table: Record<string, { status: number; headers?: Record<string, string> }>) {
  const sent: TransferRequest[] = [];
  const transport: Transport = {
    async send(request) {
      sent.push(request);
      const answer = table[request.url] ?? { status: 404 };
      const response: TransferResponse = {
        status: answer.status,
        headers: answer.headers ?? {},
        body: (async function* () {})(),
        discard() {},
      };
      return response;
    },
  };
  return { transport, sent };
}

const put = (url: string, headers: Record<string, string> = {}): TransferRequest => ({
  method: 'PUT',
  url,
  headers,
  signal: new AbortController().signal,
});

describe('sendFollowingRedirects', () => {
  test('follows an https hop and drops the listed headers when the origin changes', async () => {
    const { transport, sent } = fakeTransport({
      'https://api.example.com/content': {
        status: 302,
        headers: { location: 'https://cdn.example.net/f?sig=1' },
      },
      'https://cdn.example.net/f?sig=1': { status: 200 },
    });
    const request = put('https://api.example.com/content', { authorization: 'Bearer k', accept: '*/*' });
    const response = await sendFollowingRedirects(transport, request, {
      allowHttp: false,
      dropOnNewOrigin: ['authorization'],
    });
    expect(response.status).toBe(200);
    expect(sent.map((item) => item.url)).toEqual([
      'https://api.example.com/content',
      'https://cdn.example.net/f?sig=1',
    ]);
    expect(sent[1]?.headers).toEqual({ accept: '*/*' });
  });

  test('an API-issued URL may be http and loopback, but a storage hop may not', async () => {
    const { transport, sent } = fakeTransport({
      'http://127.0.0.1:9/storage/a': { status: 307, headers: { location: 'http://127.0.0.1:9/storage/b' } },
    });
    await expect(
      sendFollowingRedirects(transport, put('http://127.0.0.1:9/storage/a'), { allowHttp: true }),
    ).rejects.toThrow(/Refusing to follow a redirect to http:\/\/127.0.0.1:9\/storage\/b/);
    expect(sent).toHaveLength(1);
  });

  test('http hops are refused when the API is https, and metadata hosts always', async () => {
    const { transport } = fakeTransport({
      'https://s.example.com/a': { status: 307, headers: { location: 'http://s.example.com/b' } },
      'https://s.example.com/c': {
        status: 308,
        headers: { location: 'https://169.254.169.254/latest/meta-data' },
      },
    });
    await expect(
      sendFollowingRedirects(transport, put('https://s.example.com/a'), { allowHttp: false }),
    ).rejects.toBeInstanceOf(TogetherError);
    await expect(
      sendFollowingRedirects(transport, put('https://s.example.com/c'), { allowHttp: true }),
    ).rejects.toThrow(/169.254.169.254/);
  });

  test('at most a few hops', async () => {
    const table: Record<string, { status: number; headers: Record<string, string> }> = {};
    for (let index = 0; index < 10; index++) {
      table[`https://s.example.com/${index}`] = {
        status: 307,
        headers: { location: `https://s.example.com/${index + 1}` },
      };
    }
    const { transport, sent } = fakeTransport(table);
    await expect(
      sendFollowingRedirects(transport, put('https://s.example.com/0'), { allowHttp: false }),
    ).rejects.toThrow(/Too many redirects/);
    expect(sent).toHaveLength(4);
  });

  test('redactURL drops the signature', () => {
    expect(redactURL('https://s/x?sig=abc')).toBe('https://s/x?[redacted]');
    expect(redactURL('https://s/x')).toBe('https://s/x');
  });
});
