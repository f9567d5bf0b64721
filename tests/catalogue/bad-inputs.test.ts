import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Together, TogetherError } from '@together-files/client';
import { TogetherSync } from '@together-files/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueEnv, cliBin, createCatalogueEnv } from './catalogue-env.js';
import { cliCases } from './cli-cases.js';
import { type AnyClient, clientCases } from './client-cases.js';
import { serverCases } from './server-cases.js';

// The bad-input catalogue: every case names the error class and message it must end with, and nothing may be
// written or lost: local failures send no request, no file appears on the server, no output file or temp file
// stays behind, and the server keeps no temp bytes.
let env: CatalogueEnv;
const savedEnvironment: Record<string, string | undefined> = {};
const opened: TogetherSync[] = [];

beforeAll(async () => {
  for (const name of ['TOGETHER_API_KEY', 'TOGETHER_BASE_URL', 'TOGETHER_LOG']) {
    savedEnvironment[name] = process.env[name];
    delete process.env[name];
  }
  env = await createCatalogueEnv();
}, 120_000);

afterAll(async () => {
  await env?.close();
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value !== undefined) process.env[name] = value;
  }
});

afterEach(() => {
  for (const client of opened.splice(0)) client.close();
});

const makers: Record<'promise' | 'sync', (options?: Record<string, unknown>) => AnyClient> = {
  promise: (options = {}) =>
    new Together({
      apiKey: env.apiKey,
      baseURL: env.baseURL,
      logLevel: 'off',
      ...options,
    }) as unknown as AnyClient,
  sync: (options = {}) => {
    const client = new TogetherSync({
      apiKey: env.apiKey,
      baseURL: env.baseURL,
      logLevel: 'off',
      ...options,
    });
    opened.push(client);
    return client as unknown as AnyClient;
  },
};

/** Runs `action` with the side-effect checks every case shares. */
async function withoutSideEffects<T>(local: boolean, action: () => Promise<T>): Promise<T> {
  const before = await env.listIds();
  await env.clearRequests();
  const outcome = await action();
  if (local) expect(await env.requests()).toEqual([]);
  expect(await env.listIds()).toEqual(before);
  expect(await readdir(env.outputDir)).toEqual([]);
  expect(await readdir(join(env.dataDir, 'tmp'))).toEqual([]);
  return outcome;
}

const catalogueSize = clientCases.length * 2 + serverCases.length + cliCases.length + 3;

describe('bad-input catalogue', () => {
  it(`holds at least 40 bad inputs (${catalogueSize})`, () => {
    console.log(
      `bad-input catalogue: ${catalogueSize} cases (${clientCases.length} × promise and sync clients, ` +
        `${serverCases.length} raw server requests, ${cliCases.length} CLI runs, 2 extreme-but-valid files, 1 run of sync clients dropped without close())`,
    );
    expect(catalogueSize).toBeGreaterThanOrEqual(40);
  });

  for (const surface of ['promise', 'sync'] as const) {
    describe(`${surface} client`, () => {
      for (const testCase of clientCases) {
        it(testCase.name, async () => {
          const error = await withoutSideEffects(testCase.local, () =>
            Promise.resolve()
              .then(() => testCase.run({ make: makers[surface], env }))
              .then(
                (value) => ({ unexpected: value }),
                (caught: unknown) => caught,
              ),
          );
          expect(error).toBeInstanceOf(TogetherError);
          expect((error as Error).constructor.name).toBe(testCase.error);
          expect((error as Error).message).toMatch(testCase.message);
          if (testCase.status !== undefined)
            expect((error as { status?: number }).status).toBe(testCase.status);
          testCase.inspect?.(error as Record<string, unknown>);
        });
      }
    });
  }

  // Issue 13.16: not a bad input but a bad habit. Thirty sync clients dropped without close() (a process of its own,
  // with --expose-gc, counting its threads in /proc/self/task) must give their worker threads back once collected.
  describe.skipIf(process.platform !== 'linux')('sync clients dropped without close()', () => {
    it('30 dropped clients give their worker threads back; a kept `files` still works', async () => {
      const script = fileURLToPath(
        new URL('../../packages/sync/test/fixtures/dropped-clients.mjs', import.meta.url),
      );
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', script, env.baseURL, env.apiKey],
        { timeout: 90_000 },
      );
      const { baseline, withClients, after, kept } = JSON.parse(stdout);
      expect(withClients).toBeGreaterThanOrEqual(baseline + 30);
      expect(after).toBeLessThanOrEqual(baseline + 3);
      expect(kept).toBe('list');
    }, 120_000);
  });

  describe('extreme but valid: one JSON object of 100 MB on one line', () => {
    it('passes the check and uploads byte for byte (promise client)', async () => {
      const client = new Together({ apiKey: env.apiKey, baseURL: env.baseURL, logLevel: 'off' });
      const file = await client.files.upload({ file: env.files.hundredMegabyteLine, purpose: 'fine-tune' });
      try {
        expect(file.bytes).toBe(env.files.hundredMegabyteLineBytes);
        const output = join(env.outputDir, 'long-line.jsonl');
        const saved = await client.files.retrieveContent(file.id, { output });
        expect(saved.bytes).toBe(env.files.hundredMegabyteLineBytes);
        expect((await stat(output)).size).toBe(env.files.hundredMegabyteLineBytes);
        const { rm } = await import('node:fs/promises');
        await rm(output);
      } finally {
        await client.files.delete(file.id);
      }
    });

    it('passes the check (sync client)', () => {
      const client = makers.sync();
      const report = client.files.check(env.files.hundredMegabyteLine, { purpose: 'fine-tune' }) as {
        is_check_passed: boolean;
        num_samples: number;
      };
      expect(report.is_check_passed).toBe(true);
      expect(report.num_samples).toBe(1);
    });
  });

  describe('server (raw HTTP)', () => {
    for (const testCase of serverCases) {
      it(`${testCase.name} → ${testCase.status}`, async () => {
        const outcome = await withoutSideEffects(false, () => testCase.run(env));
        expect(outcome.status).toBe(testCase.status);
        expect(outcome.body.error?.message).toMatch(testCase.message);
        if (testCase.code) expect(outcome.body.error?.code).toBe(testCase.code);
      });
    }
  });

  describe.skipIf(!existsSync(cliBin))('CLI (packages/cli/dist/bin.js)', () => {
    for (const testCase of cliCases) {
      it(`${testCase.name} → exit ${testCase.exitCode}`, async () => {
        const outcome = await withoutSideEffects(testCase.local, () => testCase.run(env));
        expect(outcome.exitCode, outcome.stderr).toBe(testCase.exitCode);
        expect(outcome.error?.name).toBe(testCase.error);
        expect(outcome.error?.message).toMatch(testCase.message);
        expect(outcome.stderr.trim()).not.toBe('');
        if (testCase.status !== undefined) expect(outcome.error?.status).toBe(testCase.status);
        if (testCase.lineNumber !== undefined) expect(outcome.error?.line_number).toBe(testCase.lineNumber);
        testCase.inspect?.(outcome);
      });
    }
  });
});
