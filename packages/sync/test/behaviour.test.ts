// The behaviour table against the promise client and both forms of the sync client, with the server in a child
// process (a blocked main thread cannot serve requests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TogetherOptions } from '@together-files/client';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { type BehaviourContext, behaviourCases, type ClientAdapter } from './behaviour-table.ts';
import { blockingAdapter, callbackAdapter, promiseAdapter } from './clients.ts';
import { API_KEY, type ServerProcess, startServerProcess } from './server-process.ts';

const kinds = [
  { kind: 'promise client', create: promiseAdapter },
  { kind: 'sync client, blocking', create: blockingAdapter },
  { kind: 'sync client, callbacks', create: callbackAdapter },
];

let server: ServerProcess;
const dirs: string[] = [];
const closers: Array<() => void> = [];

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await server.clearFaults();
});

describe.each(kinds)('$kind', ({ create }) => {
  const make = (overrides: Partial<TogetherOptions> = {}): ClientAdapter => {
    const options = {
      apiKey: API_KEY,
      baseURL: server.baseURL,
      maxRetries: 2,
      logLevel: 'off' as const,
      ...overrides,
    };
    const { adapter, close } = create(options);
    closers.push(close);
    return adapter;
  };

  for (const behaviour of behaviourCases) {
    it(behaviour.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sync-behaviour-'));
      dirs.push(dir);
      const context: BehaviourContext = { client: make(), createClient: make, server, dir };
      await behaviour.run(context);
    });
  }
});
