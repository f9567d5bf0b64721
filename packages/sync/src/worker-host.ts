import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { APIUserAbortError, type CheckReport, errorFromPlain, TogetherError } from '@together-files/core';
import { waitForReply } from './blocking-wait.js';
import { abortError, deadlineError, goneError } from './call-errors.js';
import type { CallMessage, MethodName, TransferProgress, WorkerData, WorkerToMain } from './protocol.js';
import { replyValue } from './reply-value.js';

/** One call, as the `files` methods hand it to the host. */
export interface HostCall {
  method: MethodName;
  /** Plain data only: `onProgress` and `signal` are taken out beforehand. */
  args: unknown[];
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** An upload's check report, once the check passed (the caller's listener, already guarded against throwing). */
  onCheckReport?: ((report: CheckReport) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Milliseconds the call may take. */
  budget: number;
  /** Count the budget from the worker's last sign of life rather than from the start (long calls). */
  idle: boolean;
}

/** A Node-style callback: `(null, value)` on success, `(error, undefined)` on failure (typed as Node's own are). */
export type NodeCallback<T> = (error: Error | null, value: T) => void;

/** What a {@link WorkerHost} starts its workers with. */
export interface WorkerHostOptions {
  /** The worker's entry module. */
  entry: URL;
  /** Handed to the worker as `workerData.options`; plain data only. */
  workerOptions: Record<string, unknown>;
}

interface PendingCallback {
  call: HostCall;
  callback: NodeCallback<unknown>;
  timer?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

interface RunningWorker {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  /** Callback calls in flight; the worker is ref'd exactly while this is not empty. */
  pending: Map<number, PendingCallback>;
  /** The error the worker emitted before it exited, if any. */
  failure?: Error;
  retired: boolean;
}

// setTimeout fires at once for delays above 2^31 - 1 ms.
const MAX_TIMER = 2_147_483_647;

/**
 * Owns one worker at a time: starts it on first use, runs blocking and callback calls on it, and replaces it after
 * it dies. The worker is unref'd except while callback calls are in flight, so an idle client never keeps a
 * process alive.
 */
export class WorkerHost {
  readonly #entry: URL;
  readonly #workerOptions: Record<string, unknown>;
  #running: RunningWorker | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: WorkerHostOptions) {
    this.#entry = options.entry;
    this.#workerOptions = options.workerOptions;
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The running worker, if one was started and is still in use. */
  get worker(): Worker | undefined {
    return this.#running?.worker;
  }

  /** Runs a call and blocks the thread until it ends; returns its value or throws its error. */
  callBlocking(call: HostCall): unknown {
    this.#assertOpen();
    if (call.signal?.aborted) throw abortError(call.signal);
    for (let attempt = 0; ; attempt++) {
      const running = this.#start();
      const id = this.#nextId++;
      running.worker.postMessage(callMessage(id, call, true));
      let outcome: ReturnType<typeof waitForReply>;
      try {
        outcome = waitForReply(running, id, call);
      } catch (error) {
        // onProgress threw: the caller gets its error, the transfer stops.
        this.#cancel(running, id);
        throw error;
      }
      if (outcome.type === 'result') return replyValue(call.method, outcome);
      if (outcome.type === 'error') throw errorFromPlain(outcome.error);
      if (outcome.type === 'timeout') {
        this.#cancel(running, id);
        throw deadlineError(call);
      }
      const error = goneError(outcome);
      this.#retire(running, error);
      // A worker that died before it even started this call: a fresh one may run it, once.
      if (outcome.lastCallId < id && attempt === 0) continue;
      throw error;
    }
  }

  /** Runs a call without blocking; `callback` runs later, on the event loop. */
  callWithCallback(call: HostCall, callback: NodeCallback<unknown>): void {
    this.#assertOpen();
    if (call.signal?.aborted) {
      setImmediate(callback, abortError(call.signal), undefined);
      return;
    }
    const running = this.#start();
    const id = this.#nextId++;
    const pending: PendingCallback = { call, callback };
    running.pending.set(id, pending);
    if (running.pending.size === 1) running.worker.ref();
    this.#armTimer(running, id, pending);
    const { signal } = call;
    if (signal) {
      pending.onAbort = () => {
        this.#cancel(running, id);
        this.#settle(running, id, abortError(signal));
      };
      signal.addEventListener('abort', pending.onAbort, { once: true });
    }
    running.worker.postMessage(callMessage(id, call, false));
  }

  /** Ends the worker; callback calls still in flight get an `APIUserAbortError`. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const running = this.#running;
    if (running)
      this.#retire(running, new APIUserAbortError({ message: 'TogetherSync: the client was closed.' }));
  }

  /** Makes the worker call `process.exit(code)` after `afterMs` (tests use it to prove the crash path). */
  exitWorker(code: number, afterMs = 0): void {
    this.#assertOpen();
    this.#start().worker.postMessage({ type: 'exit', code, afterMs });
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new TogetherError('TogetherSync: the client is closed; create a new one to make more calls.');
  }

  #start(): RunningWorker {
    if (this.#running) return this.#running;
    const path = fileURLToPath(this.#entry);
    if (!existsSync(path)) {
      throw new TogetherError(
        `TogetherSync: the worker file ${path} is missing; build @together-files/sync first.`,
      );
    }
    const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    const workerData: WorkerData = { options: this.#workerOptions, signal, blockingPort: port2 };
    const worker = new Worker(this.#entry, { workerData, transferList: [port2] });
    const running: RunningWorker = { worker, port: port1, signal, pending: new Map(), retired: false };
    worker.on('message', (message: WorkerToMain) => this.#onMessage(running, message));
    worker.on('error', (error) => {
      running.failure = error;
    });
    worker.on('exit', (code) =>
      this.#retire(running, goneError({ type: 'gone', code, lastCallId: 0 }, running.failure)),
    );
    // After the listeners: they must not ref the worker again.
    worker.unref();
    port1.unref();
    this.#running = running;
    return running;
  }

  #onMessage(running: RunningWorker, message: WorkerToMain): void {
    // `gone` is followed by the `exit` event, which settles what is pending with this error.
    if (message.type === 'gone') {
      if (message.error) running.failure = errorFromPlain(message.error);
      return;
    }
    const pending = running.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'alive' || message.type === 'progress' || message.type === 'check-report') {
      if (pending.call.idle) this.#armTimer(running, message.id, pending);
      if (message.type === 'alive') return;
      if (message.type === 'check-report') {
        pending.call.onCheckReport?.(message.report);
        return;
      }
      try {
        pending.call.onProgress?.(message.progress);
      } catch (error) {
        this.#cancel(running, message.id);
        this.#settle(running, message.id, error as Error);
      }
      return;
    }
    if (message.type === 'result')
      this.#settle(running, message.id, null, replyValue(pending.call.method, message));
    else this.#settle(running, message.id, errorFromPlain(message.error));
  }

  #armTimer(running: RunningWorker, id: number, pending: PendingCallback): void {
    clearTimeout(pending.timer);
    const expire = () => {
      this.#cancel(running, id);
      this.#settle(running, id, deadlineError(pending.call));
    };
    pending.timer = setTimeout(expire, Math.min(pending.call.budget, MAX_TIMER));
    pending.timer.unref();
  }

  /** Ends a callback call; `deferred` runs the callback on a later turn (we may be inside a blocking call). */
  #settle(running: RunningWorker, id: number, error: Error | null, value?: unknown, deferred = false): void {
    const pending = running.pending.get(id);
    if (!pending) return;
    running.pending.delete(id);
    clearTimeout(pending.timer);
    if (pending.onAbort) pending.call.signal?.removeEventListener('abort', pending.onAbort);
    if (running.pending.size === 0 && !running.retired) running.worker.unref();
    if (deferred) setImmediate(pending.callback, error, undefined);
    else if (error) pending.callback(error, undefined);
    else pending.callback(null, value);
  }

  #cancel(running: RunningWorker, id: number): void {
    if (!running.retired) running.worker.postMessage({ type: 'cancel', id });
  }

  /** Forgets a worker that died (or that `close` ends) and fails its callback calls with `error`. */
  #retire(running: RunningWorker, error: Error): void {
    if (this.#running === running) this.#running = undefined;
    if (running.retired) return;
    running.retired = true;
    running.port.close();
    void running.worker.terminate();
    for (const id of [...running.pending.keys()]) this.#settle(running, id, error, undefined, true);
  }
}

function callMessage(id: number, call: HostCall, blocking: boolean): CallMessage {
  const { method, args, onProgress, onCheckReport, idle, budget } = call;
  // Several signs of life per idle window, but never more than one a second.
  const heartbeatMs = idle ? Math.min(1_000, Math.max(10, Math.floor(budget / 4))) : 0;
  return {
    type: 'call',
    id,
    method,
    args,
    blocking,
    progress: onProgress !== undefined,
    checkReport: onCheckReport !== undefined,
    heartbeatMs,
  };
}
