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
    expect(deadline.fail(new Error('aborted'))).toBeInstanceOf(APITimeoutError);
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
    deadline.done();
  });

  test('a caller abort maps to APIUserAbortError; other failures to connection errors', () => {
    const { controller } = countedSignal();
    const failed = createDeadline({ signal: controller.signal, timeout: 1000 });
    expect(failed.fail(new TypeError('fetch failed'))).toBeInstanceOf(APIConnectionError);
    const aborted = createDeadline({ signal: controller.signal, timeout: 1000 });
    controller.abort();
    expect(aborted.signal.aborted).toBe(true);
    expect(aborted.fail(new Error('AbortError'))).toBeInstanceOf(APIUserAbortError);
  });

  test('an already aborted signal throws at once', () => {
    expect(() => createDeadline({ signal: AbortSignal.abort(), timeout: 1000 })).toThrow(APIUserAbortError);
  });

  test('done ends a finished attempt quietly; fail maps the error and aborts what is still open', () => {
    const finished = createDeadline({ timeout: 1000 });
    finished.done();
    expect(finished.signal.aborted).toBe(false);
    const failed = createDeadline({ timeout: 1000 });
    expect(failed.fail(new TypeError('fetch failed'))).toBeInstanceOf(APIConnectionError);
    expect(failed.signal.aborted).toBe(true);
  });

  test('done and fail remove their listener from a long-lived signal', () => {
    const counted = countedSignal();
    for (let index = 0; index < 100; index++) {
      createDeadline({ signal: counted.controller.signal, timeout: 1000 }).done();
      createDeadline({ signal: counted.controller.signal, timeout: 1000 }).fail(new Error('reset'));
    }
    expect(counted.listeners()).toBe(0);
    expect(counted.controller.signal.aborted).toBe(false);
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
