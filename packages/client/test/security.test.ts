import { describe, expect, test } from 'vitest';
import { API_KEY, jsonl, MiB, useServer } from './helpers.js';

const { server, client } = useServer();

describe('credentials stay with the API', () => {
  test('no Authorization (nor secret default headers) on storage PUTs, single-part and multipart', async () => {
    const files = client({
      defaultHeaders: { 'X-Api-Token': 'team-secret', 'X-Team': 'ml' },
      upload: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
    }).files;
    await files.upload({ file: jsonl(20_000), filename: 'small.jsonl', check: false });
    await files.upload({ file: jsonl(11 * MiB), filename: 'large.jsonl', check: false });
    const puts = server().requests.filter((request) => request.route === 'storagePut');
    expect(puts.length).toBe(4);
    for (const put of puts) {
      expect(put.headers.authorization).toBeUndefined();
      expect(put.headers['x-api-token']).toBeUndefined();
      expect(put.headers['x-team']).toBeUndefined();
      expect(Number(put.headers['content-length'])).toBeGreaterThan(0);
      expect(put.headers['transfer-encoding']).toBeUndefined();
    }
    const api = server().requests.filter((request) => request.route !== 'storagePut');
    for (const call of api) {
      expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(call.headers['x-api-token']).toBe('team-secret');
      expect(call.headers['user-agent']).toMatch(/^together-files\//);
    }
  });

  test('a wrong key is AuthenticationError; debug logs never show the key or a signed query string', async () => {
    const lines: string[] = [];
    const collect = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
    const logger = { error: collect, warn: collect, info: collect, debug: collect };
    await client({ logLevel: 'debug', logger }).files.upload({
      file: jsonl(5_000),
      filename: 'logged.jsonl',
      check: false,
    });
    const log = lines.join('\n');
    expect(log).toContain('PUT http://127.0.0.1');
    expect(log).toContain('?[redacted]');
    expect(log).not.toContain(API_KEY);
    expect(log).not.toMatch(/\?(?!\[redacted\])[^\s]*=/);
    const error = await client({ apiKey: 'sk-wrong-key-000', logLevel: 'debug', logger })
      .files.list()
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AuthenticationError');
    expect(lines.join('\n')).not.toContain('sk-wrong-key-000');
  });
});
