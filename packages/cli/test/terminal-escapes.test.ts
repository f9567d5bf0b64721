// Issue 13, item 18: names and messages from the service or a file must not drive the terminal.
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const API_KEY = 'cli-escape-key';
// A window title, a screen clear, a C1 CSI, a bell, a forged newline and a bidi override.
const HOSTILE = 'evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\nfake row\u202e.jsonl';
let server: ServerHandle;
let env: Record<string, string>;
let fileId: string;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const COLOR = /\u001b\[[0-9;]*m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Nothing a terminal acts on, besides colour sequences when they are allowed. */
function expectInert(text: string, options: { colors: boolean }) {
  expect(options.colors ? text.replace(COLOR, '') : text).not.toMatch(ACTIVE);
}

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY });
  env = { TOGETHER_API_KEY: API_KEY, TOGETHER_BASE_URL: server.baseURL };
  const auth = { authorization: `Bearer ${API_KEY}` };
  const created = await fetch(`${server.baseURL}/files`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ purpose: 'batch-api', file_name: HOSTILE, file_type: 'jsonl' }),
    redirect: 'manual',
  });
  fileId = created.headers.get('x-together-file-id')!;
  await fetch(created.headers.get('location')!, { method: 'PUT', body: '{"a":1}\n' });
  const done = await fetch(`${server.baseURL}/files/${fileId}/preprocess`, { method: 'POST', headers: auth });
  expect((await done.json()).filename).toBe(HOSTILE);
});

afterAll(async () => {
  await server?.close();
});

describe('control characters in human output', () => {
  it('list and retrieve escape them, with and without colour; the name stays readable', async () => {
    for (const colors of [false, true]) {
      const colorEnv = colors ? { ...env, FORCE_COLOR: '1', NO_COLOR: undefined } : env;
      for (const args of [['list'], ['retrieve', fileId]]) {
        const run = await runCli(args, colorEnv);
        expect(run.code, run.stderr).toBe(0);
        expectInert(run.stdout, { colors });
        expect(run.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x0afake row\\u202e.jsonl');
      }
    }
  });

  it('--json stays exact', async () => {
    const list = await runCli(['list', '--json'], env);
    expect(JSON.parse(list.stdout).data.map((file: { filename: string }) => file.filename)).toEqual([
      HOSTILE,
    ]);
    const retrieved = await runCli(['retrieve', fileId, '--json'], env);
    expect(JSON.parse(retrieved.stdout).filename).toBe(HOSTILE);
  });

  it('error lines escape them too (a hostile id, a hostile path)', async () => {
    const badId = await runCli(['retrieve', 'file-\u001b[2J\u001b]0;x\u0007'], env);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('\\x1b[2J');
    expectInert(badId.stderr, { colors: false });
    const badPath = await runCli(['upload', '/nowhere/\u001b]0;x\u0007.jsonl'], env);
    expect(badPath.code).not.toBe(0);
    expectInert(badPath.stderr, { colors: false });
    const badOption = await runCli(['list', '--\u001b[2J'], env);
    expect(badOption.code).toBe(2);
    expectInert(badOption.stderr, { colors: false });
  });
});
