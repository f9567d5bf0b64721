import { describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APITimeoutError, APIUserAbortError } from '../errors/connection-errors.js';
import { createDeadline, sleep } from './deadline.js';

/** A caller signal whose listeners we can count. */
function countedSignal() {
  const controller = new AbortController();
  let listeners = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  const remove = controller.signal.removeEventListener.bind(controller.signal);
  vi.spyOn(controller.signal, 'addEventListener').mockImplementation((...args: Parameters<typeof add>) => {
    listeners++;
    add(...args);
  });
  vi.spyOn(controller.signal, 'removeEventListener').mockImplementation(
    (...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    },
  );
  return { controller, listeners: () => listeners };
}

describe('createDeadline', () => {
  test('the timer aborts the signal and the error is a timeout', async () => {
    const deadline = createDeadline({ timeout: 10 });
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
    expect(deadline.toError(new Error('aborted'))).toBeInstanceOf(APITimeoutError);
    deadline.dispose();
  });

  test('touch restarts an idle timer; pause stops it', async () => {
    const deadline = createDeadline({ timeout: 40 });
    for (let index = 0; index < 4; index++) {
      await sleep(20);
      deadline.touch();
    }
    expect(deadline.signal.aborted).toBe(false);
    deadline.pause();
    await sleep(60);
    expect(deadline.signal.aborted).toBe(false);
    deadline.dispose();
  });

  test('a caller abort maps to APIUserAbortError; other failures to connection errors', () => {
    const { controller } = countedSignal();
    const deadline = createDeadline({ signal: controller.signal, timeout: 1000 });
    expect(deadline.toError(new TypeError('fetch failed'))).toBeInstanceOf(APIConnectionError);
    controller.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.toError(new Error('AbortError'))).toBeInstanceOf(APIUserAbortError);
    deadline.dispose();
  });

  test('an already aborted signal throws at once', () => {
    expect(() => createDeadline({ signal: AbortSignal.abort(), timeout: 1000 })).toThrow(APIUserAbortError);
  });

  test('dispose ends a finished attempt quietly; cancel aborts what is still open', () => {
    const finished = createDeadline({ timeout: 1000 });
    finished.dispose();
    expect(finished.signal.aborted).toBe(false);
    const failed = createDeadline({ timeout: 1000 });
    failed.cancel();
    expect(failed.signal.aborted).toBe(true);
    expect(failed.toError(new TypeError('fetch failed'))).toBeInstanceOf(APIConnectionError);
  });

  test('dispose removes its listener from a long-lived signal', () => {
    const counted = countedSignal();
    for (let index = 0; index < 100; index++)
      createDeadline({ signal: counted.controller.signal, timeout: 1000 }).dispose();
    expect(counted.listeners()).toBe(0);
  });
});

describe('sleep', () => {
  test('removes its listener when it ends and rejects on abort', async () => {
    const counted = countedSignal();
    await sleep(1, counted.controller.signal);
    expect(counted.listeners()).toBe(0);
    const waiting = sleep(10_000, counted.controller.signal);
    counted.controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
