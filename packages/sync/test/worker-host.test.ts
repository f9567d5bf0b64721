// The host's machinery against a scripted worker (no server, no client): blocking waits, stale replies, progress,
// deadlines, crashes, callbacks and close().
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  NotFoundError,
  TogetherError,
} from '@together-files/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostCall, type NodeCallback, WorkerHost } from '../src/worker-host.ts';

const entry = new URL('./fixtures/scripted-worker.mjs', import.meta.url);
const hosts: WorkerHost[] = [];

function host(): WorkerHost {
  const created = new WorkerHost({ entry, workerOptions: {} });
  hosts.push(created);
  return created;
}

afterEach(() => {
  for (const created of hosts.splice(0)) created.close();
});

type Script = Record<string, unknown>;
interface Echo {
  echo: unknown;
  id: number;
  threadId: number;
  method: string;
}

function call(script: Script, extra: Partial<HostCall> = {}): HostCall {
  return { method: 'delete', args: [script], budget: 5_000, idle: false, ...extra };
}

function viaCallback(target: WorkerHost, request: HostCall): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback: NodeCallback<unknown> = (error, value) => (error ? reject(error) : resolve(value));
    target.callWithCallback(request, callback);
  });
}

describe('blocking calls', () => {
  it('return the value of their own call, numbered in order', () => {
    const target = host();
    const first = target.callBlocking(call({ value: 'a' })) as Echo;
    const second = target.callBlocking(call({ value: 'b' })) as Echo;
    expect(first.echo).toBe('a');
    expect(second.echo).toBe('b');
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.threadId).toBe(first.threadId);
  });

  it('skip replies of other calls and wake-ups without a message', () => {
    const target = host();
    expect((target.callBlocking(call({ value: 'mine', stale: true, spuriousWake: true })) as Echo).echo).toBe(
      'mine',
    );
  });

  it('restore the non-enumerable _requestId', () => {
    const value = host().callBlocking(
      call({ value: 1, requestId: 'req_42' }, { method: 'retrieve' }),
    ) as Echo & { _requestId: string };
    expect(value._requestId).toBe('req_42');
    expect(Object.keys(value)).not.toContain('_requestId');
  });

  it('rebuild errors as the same classes', () => {
    const error = { name: 'NotFoundError', message: '404 no such file', status: 404, requestId: 'req_9' };
    const thrown = (() => {
      try {
        host().callBlocking(call({ error }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ status: 404, requestId: 'req_9', message: '404 no such file' });
  });

  it('hand progress to onProgress synchronously and in order, before returning', () => {
    const seen: number[] = [];
    const value = host().callBlocking(
      call(
        { value: 'done', progress: [10, 40, 70, 100] },
        { onProgress: (progress) => seen.push(progress.loaded) },
      ),
    ) as Echo;
    expect(seen).toEqual([10, 40, 70, 100]);
    expect(value.echo).toBe('done');
  });

  it('stop with the error of a throwing onProgress, and cancel the call in the worker', () => {
    const target = host();
    const onProgress = () => {
      throw new RangeError('enough');
    };
    expect(() => target.callBlocking(call({ progress: [1, 2], delayMs: 200 }, { onProgress }))).toThrow(
      RangeError,
    );
    const cancelled = target.callBlocking(call({ report: 'cancelled' })) as number[];
    expect(cancelled).toHaveLength(1);
  });

  it('throw APITimeoutError at the deadline, cancel, and let the next call get its own reply', () => {
    const target = host();
    expect(() => target.callBlocking(call({ value: 'late', delayMs: 600 }, { budget: 100 }))).toThrow(
      APITimeoutError,
    );
    const next = target.callBlocking(call({ value: 'next', delayMs: 700 })) as Echo;
    expect(next.echo).toBe('next');
    expect((target.callBlocking(call({ report: 'cancelled' })) as number[]).length).toBe(1);
  });

  it('restart an idle deadline at each progress report', () => {
    const target = host();
    target.callBlocking(call({})); // the worker's start-up is not what this test measures
    const script = { value: 'slow but moving', progress: [1, 2, 3, 4, 5], progressGapMs: 150 };
    const value = target.callBlocking(call(script, { budget: 400, idle: true })) as Echo;
    expect(value.echo).toBe('slow but moving');
  });

  it('keep an idle deadline alive while the worker sends signs of life', () => {
    const target = host();
    target.callBlocking(call({}));
    const value = target.callBlocking(
      call({ value: 'long', delayMs: 900 }, { budget: 300, idle: true }),
    ) as Echo;
    expect(value.echo).toBe('long');
  });

  it('turn a worker exit into APIConnectionError, then start a fresh worker', () => {
    const target = host();
    const before = target.callBlocking(call({})) as Echo;
    target.exitWorker(7, 50);
    expect(() => target.callBlocking(call({ delayMs: 2_000 }))).toThrow(/exit code 7/);
    const after = target.callBlocking(call({ value: 'again' })) as Echo;
    expect(after.echo).toBe('again');
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('carry an uncaught worker error as the cause', () => {
    const target = host();
    let thrown: unknown;
    try {
      target.callBlocking(call({ throwUncaught: 'boom in worker', hang: true }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(APIConnectionError);
    expect((thrown as Error).message).toMatch(/boom in worker/);
    expect((target.callBlocking(call({ value: 'ok' })) as Echo).echo).toBe('ok');
  });

  it('send a call again when the worker died before starting it', () => {
    const target = host();
    target.callBlocking(call({}));
    target.exitWorker(3, 0);
    expect((target.callBlocking(call({ value: 'resent' })) as Echo).echo).toBe('resent');
  });

  it('refuse a missing worker file with a clear error', () => {
    const missing = new WorkerHost({
      entry: new URL('./fixtures/nope.mjs', import.meta.url),
      workerOptions: {},
    });
    expect(() => missing.callBlocking(call({}))).toThrow(/worker file .* is missing/);
  });
});

describe('callback calls', () => {
  it('return at once and call back later, with progress first', async () => {
    const target = host();
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      target.callWithCallback(
        call(
          { value: 'v', progress: [50, 100] },
          { onProgress: (progress) => events.push(`progress ${progress.loaded}`) },
        ),
        (error, value) => {
          events.push(`callback ${error === null} ${(value as Echo).echo}`);
          resolve();
        },
      );
    });
    events.push('returned');
    await done;
    expect(events).toEqual(['returned', 'progress 50', 'progress 100', 'callback true v']);
  });

  it('leave the event loop running while in flight', async () => {
    const target = host();
    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    await viaCallback(target, call({ delayMs: 300 }));
    clearInterval(interval);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('fail with the rebuilt error class', async () => {
    const error = { name: 'NotFoundError', message: 'gone', status: 404 };
    await expect(viaCallback(host(), call({ error }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fail with APITimeoutError at the deadline', async () => {
    await expect(viaCallback(host(), call({ delayMs: 1_000 }, { budget: 100 }))).rejects.toBeInstanceOf(
      APITimeoutError,
    );
  });

  it('fail with APIUserAbortError when their signal fires', async () => {
    const target = host();
    const controller = new AbortController();
    const pending = viaCallback(target, call({ delayMs: 1_000 }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(target.callBlocking(call({ report: 'cancelled' }))).toHaveLength(1);
  });

  it('fail with APIConnectionError when the worker dies, then work again', async () => {
    const target = host();
    const pending = viaCallback(target, call({ delayMs: 2_000 }));
    target.worker!.terminate();
    await expect(pending).rejects.toBeInstanceOf(APIConnectionError);
    expect(((await viaCallback(target, call({ value: 'fresh' }))) as Echo).echo).toBe('fresh');
  });
});

describe('close()', () => {
  it('is idempotent, fails calls in flight and refuses new ones', async () => {
    const target = host();
    const pending = viaCallback(target, call({ delayMs: 2_000 }));
    target.close();
    target.close();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(() => target.callBlocking(call({}))).toThrow(TogetherError);
    expect(() => target.callWithCallback(call({}), () => {})).toThrow(/closed/);
  });
});
