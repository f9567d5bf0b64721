// What only the sync client has: callbacks and the event loop, deadlines, worker crashes, close(), option checks,
// and a process that ends without close().
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type CheckReport,
  type FileListResult,
  type FileResult,
  type NodeCallback,
  TogetherError,
  TogetherSync,
  type TogetherSyncOptions,
} from '@together-files/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workerEntry } from '../src/worker-entry.ts';
import { WorkerHost } from '../src/worker-host.ts';
import { API_KEY, type ServerProcess, startServerProcess } from './server-process.ts';

let server: ServerProcess;
let dir: string;
const clients: Array<{ close(): void }> = [];

beforeAll(async () => {
  server = await startServerProcess();
  dir = mkdtempSync(join(tmpdir(), 'sync-client-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.clearFaults();
});

function client(options: TogetherSyncOptions = {}): TogetherSync {
  const created = new TogetherSync({ apiKey: API_KEY, baseURL: server.baseURL, logLevel: 'off', ...options });
  clients.push(created);
  return created;
}

function settle<T>(start: (callback: NodeCallback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    start((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

function samples(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `{"text": "${name}"}\n`.repeat(2_000));
  return path;
}

describe('callbacks', () => {
  it('run after the call returns, each once, with progress first and in order', async () => {
    const sync = client();
    const events: string[] = [];
    const uploaded = settle<FileResult>((callback) =>
      sync.files.upload(
        {
          file: samples('callbacks.jsonl'),
          onProgress: (progress) => events.push(`progress ${progress.loaded}`),
        },
        (error, file) => {
          events.push(`upload ${error === null}`);
          callback(error, file);
        },
      ),
    );
    const listed = settle<FileListResult>((callback) => sync.files.list(callback));
    events.push('returned');
    const [file, list] = await Promise.all([uploaded, listed]);
    expect(events[0]).toBe('returned');
    const loaded = events
      .filter((event) => event.startsWith('progress'))
      .map((event) => Number(event.split(' ')[1]));
    expect(loaded.at(-1)).toBe(file.bytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(events.at(-1)).toBe('upload true');
    expect(list.object).toBe('list');
  });

  it('deliver onCheckReport before the upload ends', async () => {
    const sync = client();
    const events: string[] = [];
    const file = await settle<FileResult>((callback) =>
      sync.files.upload(
        {
          file: samples('callback-check.jsonl'),
          onCheckReport: (report) => events.push(`report ${report.num_samples}`),
        },
        (error, value) => {
          events.push('upload');
          callback(error, value);
        },
      ),
    );
    expect(file.bytes).toBeGreaterThan(0);
    expect(events).toEqual(['report 2000', 'upload']);
  });

  it('leave the event loop running while a call is in flight', async () => {
    const sync = client();
    await server.addFaults({ route: 'listFiles', delayMs: 400 });
    let ticks = 0;
    const interval = setInterval(() => ticks++, 20);
    await settle((callback) => sync.files.list(callback));
    clearInterval(interval);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('end with APIUserAbortError when their signal fires', async () => {
    const sync = client();
    await server.addFaults({ route: 'listFiles', delayMs: 2_000 });
    const controller = new AbortController();
    const pending = settle((callback) => sync.files.list({ signal: controller.signal }, callback));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('blocking calls', () => {
  it('deliver onProgress on the calling thread, in order, before returning; a throwing one is only logged', () => {
    const sync = client();
    const loaded: number[] = [];
    const file = sync.files.upload({
      file: samples('blocking.jsonl'),
      onProgress: (progress) => {
        loaded.push(progress.loaded);
        throw new Error('ignored, as in the promise client');
      },
    });
    expect(loaded[0]).toBe(0);
    expect(loaded.at(-1)).toBe(file.bytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it('upload a Blob and a File, keeping the File name', () => {
    const sync = client();
    const text = '{"text": "blob"}\n';
    expect(sync.files.upload({ file: new Blob([text]), filename: 'blob.jsonl', check: false }).bytes).toBe(
      text.length,
    );
    expect(sync.files.upload({ file: new File([`${text}\n`.trim()], 'named.jsonl') }).filename).toBe(
      'named.jsonl',
    );
  });

  it('say when the service had the bytes already, and what was asked for that it kept otherwise', () => {
    const sync = client();
    const path = samples('sync-dup.jsonl');
    const first = sync.files.upload({ file: path });
    expect(first.already_existed).toBeUndefined();
    const second = sync.files.upload({ file: path, purpose: 'batch-api', filename: 'again.jsonl' });
    expect(second).toMatchObject({
      id: first.id,
      already_existed: true,
      requested_purpose: 'batch-api',
      requested_filename: 'again.jsonl',
    });
    expect(second.status).toBeDefined();
  });

  it('deliver onCheckReport on the calling thread with the warnings, as the promise client does', () => {
    const sync = client();
    const path = join(dir, 'check-report.jsonl');
    // An extra key is a semantic finding: a warning that does not block the upload.
    writeFileSync(path, '{"text": "a"}\n{"text": "b", "extra": 1}\n');
    const reports: CheckReport[] = [];
    const file = sync.files.upload({
      file: path,
      onCheckReport: (report) => {
        reports.push(report);
        throw new Error('ignored, as in the promise client');
      },
    });
    expect(file.bytes).toBeGreaterThan(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ is_check_passed: true, num_samples: 2, warning_count: 1 });
    expect(reports[0]!.warnings[0]).toMatchObject({ line: 2, rule: 'extra_key' });
    const skipped: CheckReport[] = [];
    sync.files.upload({
      file: samples('no-check.jsonl'),
      check: false,
      onCheckReport: (r) => skipped.push(r),
    });
    expect(skipped).toEqual([]);
  });

  it('refuse a stream, saying what to pass instead, blocking and with a callback', async () => {
    const sync = client();
    const message = /cannot take a stream.*Pass a path \(write the stream to a file first\) or the bytes/;
    const streams = () => [
      Readable.from([Buffer.from('{"text": "a"}\n')]),
      new Blob(['{"text": "a"}\n']).stream(),
      (async function* () {
        yield new Uint8Array([123, 125, 10]);
      })(),
    ];
    for (const file of streams()) {
      expect(() => sync.files.upload({ file: file as never, filename: 'stream.jsonl' })).toThrow(message);
      expect(() => sync.files.check(file as never)).toThrow(TogetherError);
    }
    const [first] = streams();
    await expect(
      settle((callback) => sync.files.upload({ file: first as never, filename: 's.jsonl' }, callback)),
    ).rejects.toThrow(message);
  });

  it('refuse a signal that already fired', () => {
    expect(() => client().files.list({ signal: AbortSignal.abort() })).toThrow(APIUserAbortError);
  });
});

describe('deadlines', () => {
  // Worker start-up is not part of what is measured: on a loaded machine it alone can outlast the budget, so the
  // warm-up tries again until the worker answers once. The budgets are a second, and the delays three times that,
  // so that a busy machine's stalls (timers late by a few hundred ms) do not decide the outcome.
  function warmed(sync: TogetherSync): TogetherSync {
    for (let attempt = 1; ; attempt++) {
      try {
        sync.files.list();
        return sync;
      } catch (error) {
        if (!(error instanceof APITimeoutError) || attempt === 5) throw error;
      }
    }
  }

  it('throw APITimeoutError when the worker does not answer within blockingTimeout, and recover', async () => {
    const sync = warmed(client({ blockingTimeout: 1_000 }));
    await server.addFaults({ route: 'listFiles', delayMs: 3_000 });
    expect(() => sync.files.list()).toThrow(APITimeoutError);
    expect(sync.files.list().object).toBe('list');
  });

  it('time a long call by the silence of the worker, so a slow upload outlives blockingTimeout', async () => {
    const sync = warmed(client({ blockingTimeout: 1_000 }));
    await server.addFaults({ route: 'storagePut', delayMs: 3_000 });
    expect(sync.files.upload({ file: samples('slow-put.jsonl') }).filename).toBe('slow-put.jsonl');
  });

  it('throw the client timeout as APITimeoutError, blocking and with a callback', async () => {
    const sync = client({ timeout: 200, maxRetries: 0 });
    await server.addFaults({ route: 'retrieveFile', delayMs: 1_000, times: 2 });
    expect(() => sync.files.retrieve('file-slow')).toThrow(APITimeoutError);
    await expect(settle((callback) => sync.files.retrieve('file-slow', callback))).rejects.toBeInstanceOf(
      APITimeoutError,
    );
  });
});

describe('a worker that dies', () => {
  const host = () => {
    const created = new WorkerHost({
      entry: workerEntry(),
      workerOptions: { apiKey: API_KEY, baseURL: server.baseURL, logLevel: 'off' },
    });
    clients.push(created);
    return created;
  };
  const list = { method: 'list' as const, args: [], budget: 10_000, idle: false };

  it('turns the blocking call into APIConnectionError, and the next call starts a fresh worker', async () => {
    const target = host();
    target.callBlocking(list);
    const first = target.worker;
    await server.addFaults({ route: 'listFiles', delayMs: 2_000 });
    target.exitWorker(9, 100);
    expect(() => target.callBlocking(list)).toThrow(/exit code 9/);
    expect((target.callBlocking(list) as { object: string }).object).toBe('list');
    expect(target.worker).not.toBe(first);
  });

  it('turns a callback call into APIConnectionError when terminated, and recovers', async () => {
    const target = host();
    await server.addFaults({ route: 'listFiles', delayMs: 2_000 });
    const pending = settle((callback) => target.callWithCallback(list, callback));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await target.worker!.terminate();
    await expect(pending).rejects.toBeInstanceOf(APIConnectionError);
    expect(await settle((callback) => target.callWithCallback(list, callback))).toMatchObject({
      object: 'list',
    });
  });
});

describe('a worker that cannot load the client', () => {
  it('says why in an APIConnectionError, rather than hanging', () => {
    // A copy of the built worker where `@together-files/client` cannot be resolved.
    const isolated = mkdtempSync(join(tmpdir(), 'sync-lonely-worker-'));
    try {
      copyFileSync(fileURLToPath(workerEntry()), join(isolated, 'worker.js'));
      writeFileSync(join(isolated, 'package.json'), '{"type": "module"}');
      const entry = pathToFileURL(join(isolated, 'worker.js'));
      const lonely = new WorkerHost({ entry, workerOptions: {} });
      clients.push(lonely);
      const call = { method: 'list' as const, args: [], budget: 10_000, idle: false };
      let thrown: unknown;
      try {
        lonely.callBlocking(call);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(APIConnectionError);
      expect((thrown as Error).message).toMatch(/@together-files\/(core|client)/);
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });
});

describe('close()', () => {
  it('is idempotent, and calls after it throw', () => {
    const sync = client();
    sync.files.list();
    sync.close();
    sync.close();
    expect(sync.closed).toBe(true);
    expect(() => sync.files.list()).toThrow(TogetherError);
    expect(() => sync.files.list(() => {})).toThrow(/closed/);
  });

  it('fails callback calls in flight with APIUserAbortError', async () => {
    const sync = client();
    await server.addFaults({ route: 'listFiles', delayMs: 2_000 });
    const pending = settle((callback) => sync.files.list(callback));
    sync.close();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('options', () => {
  it('refuse fetch and logger, which cannot cross to the worker', () => {
    const withFetch = { fetch: globalThis.fetch } as TogetherSyncOptions;
    expect(() => client(withFetch)).toThrow(/does not take `fetch`/);
    const withLogger = { logger: console } as TogetherSyncOptions;
    expect(() => client(withLogger)).toThrow(/does not take `logger`/);
  });

  it('fail at construction like Together: a missing key, a bad timeout', () => {
    const previous = process.env.TOGETHER_API_KEY;
    delete process.env.TOGETHER_API_KEY;
    try {
      expect(() => new TogetherSync({ baseURL: server.baseURL })).toThrow(/Missing API key/);
    } finally {
      if (previous !== undefined) process.env.TOGETHER_API_KEY = previous;
    }
    expect(() => client({ timeout: -1 })).toThrow(TogetherError);
    expect(() => client({ blockingTimeout: 0 })).toThrow(/blockingTimeout/);
  });
});

describe('process lifetime', () => {
  it.skipIf(!existsSync('/proc/self/task'))(
    'clients dropped without close() give their worker threads back once collected',
    async () => {
      const dropped = fileURLToPath(new URL('./fixtures/dropped-clients.mjs', import.meta.url));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', dropped, server.baseURL, API_KEY],
        { timeout: 60_000 },
      );
      const { baseline, withClients, after, kept } = JSON.parse(stdout);
      expect(withClients).toBeGreaterThanOrEqual(baseline + 30);
      // The kept `files` is one worker; a thread or two of Node's own may come and go.
      expect(after).toBeLessThanOrEqual(baseline + 3);
      expect(kept).toBe('list');
    },
    90_000,
  );

  const script = fileURLToPath(new URL('./fixtures/unclosed-client.mjs', import.meta.url));
  for (const format of ['esm', 'cjs']) {
    it(`ends without close() (${format} build)`, async () => {
      const run = promisify(execFile)(process.execPath, [script, server.baseURL, API_KEY, format], {
        timeout: 10_000,
      });
      const { stdout } = await run;
      expect(JSON.parse(stdout)).toEqual({ blocking: 'list', callback: 'list', error: null });
    });
  }
});
