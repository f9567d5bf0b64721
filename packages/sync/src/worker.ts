/**
 * The worker entry of `TogetherSync` (a separate build entry: `dist/worker.js` and `dist/worker.cjs`). It owns one
 * promise client, runs the calls the main thread sends, and answers each on the route the call asked for.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Together } from '@together-files/client';
import type { CheckReport, PlainError } from '@together-files/core';
import {
  type CallMessage,
  isShortCall,
  type MainToWorker,
  SIGNAL_INDEX,
  type TransferProgress,
  type WorkerData,
  type WorkerToMain,
} from './protocol.js';
import { runMethod } from './worker-calls.js';

function serve(data: WorkerData): void {
  const port = parentPort!;
  const controllers = new Map<number, AbortController>();
  let lastCallId = 0;
  let crash: PlainError | undefined;
  let toPlain = (error: unknown): PlainError =>
    error instanceof Error
      ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
      : { name: 'Error', message: String(error) };

  const postBlocking = (message: WorkerToMain) => {
    data.blockingPort.postMessage(message);
    Atomics.add(data.signal, SIGNAL_INDEX, 1);
    Atomics.notify(data.signal, SIGNAL_INDEX);
  };
  const post = (call: CallMessage, message: WorkerToMain) => {
    if (call.blocking) postBlocking(message);
    else port.postMessage(message);
  };

  // Modules load dynamically, so a missing or broken build becomes an answer instead of a silent hang.
  const client: Promise<Together> = Promise.all([
    import('@together-files/core'),
    import('@together-files/client'),
  ]).then(([core, { Together }]) => {
    toPlain = core.errorToPlain;
    return new Together(data.options);
  });
  let loaded: Together | undefined;
  // A worker that cannot load the client is of no use: leave, so the next call starts a fresh one (a build that was
  // being rewritten may be back by then). The call waiting now learns why.
  client.then(
    (instance) => {
      loaded = instance;
    },
    (error: unknown) => {
      crash = toPlain(error);
      process.exit(1);
    },
  );

  const progressOf = (call: CallMessage) =>
    call.progress
      ? (progress: TransferProgress) =>
          post(call, { type: 'progress', id: call.id, progress: { ...progress } })
      : undefined;

  const checkReportOf = (call: CallMessage) =>
    call.checkReport
      ? (report: CheckReport) => post(call, { type: 'check-report', id: call.id, report })
      : undefined;

  const resultOf = (id: number, value: unknown): WorkerToMain => {
    const requestId = (value as { _requestId?: unknown } | null)?._requestId;
    return typeof requestId === 'string'
      ? { type: 'result', id, value, requestId }
      : { type: 'result', id, value };
  };
  const answer = (call: CallMessage, reply: WorkerToMain) => {
    try {
      post(call, reply);
    } catch (error) {
      // The value could not be cloned: say so instead of leaving the caller waiting.
      post(call, { type: 'error', id: call.id, error: toPlain(error) });
    }
  };
  const fail = (call: CallMessage, error: unknown) =>
    post(call, { type: 'error', id: call.id, error: toPlain(error) });

  // The quick JSON calls, once the client is loaded: no signal, no heartbeat, no async frame; the reply is the
  // one message the call sends back.
  const runShort = (ready: Together, call: CallMessage) => {
    lastCallId = Math.max(lastCallId, call.id);
    let pending: Promise<unknown>;
    try {
      pending = runMethod(ready, call, undefined);
    } catch (error) {
      fail(call, error);
      return;
    }
    pending.then(
      (value) => answer(call, resultOf(call.id, value)),
      (error: unknown) => fail(call, error),
    );
  };

  const run = async (call: CallMessage) => {
    const controller = new AbortController();
    controllers.set(call.id, controller);
    // Signs of life for the main thread's idle deadline; the client's own timeouts watch the network.
    const heartbeat =
      call.heartbeatMs > 0
        ? setInterval(() => post(call, { type: 'alive', id: call.id }), call.heartbeatMs)
        : undefined;
    let reply: WorkerToMain;
    try {
      const ready = loaded ?? (await client);
      // From here on the call may have effects; until here the main thread may safely send it again.
      lastCallId = Math.max(lastCallId, call.id);
      const context = {
        signal: controller.signal,
        onProgress: progressOf(call),
        onCheckReport: checkReportOf(call),
      };
      reply = resultOf(call.id, await runMethod(ready, call, context));
    } catch (error) {
      reply = { type: 'error', id: call.id, error: toPlain(error) };
    } finally {
      controllers.delete(call.id);
      clearInterval(heartbeat);
    }
    answer(call, reply);
  };

  // Short calls get no signal: cancelling one changes nothing. Before the client has loaded they wait for it.
  const start = (call: CallMessage) => {
    if (!isShortCall(call.method)) void run(call);
    else if (loaded) runShort(loaded, call);
    else
      client.then(
        (ready) => runShort(ready, call),
        (error: unknown) => fail(call, error),
      );
  };

  port.on('message', (message: MainToWorker) => {
    if (message.type === 'call') start(message);
    else if (message.type === 'cancel') controllers.get(message.id)?.abort();
    else if (message.type === 'exit') setTimeout(() => process.exit(message.code), message.afterMs);
  });

  process.on('exit', (code) => {
    const gone: WorkerToMain = { type: 'gone', code, lastCallId, ...(crash ? { error: crash } : {}) };
    postBlocking(gone);
    port.postMessage(gone);
  });
  // An error nothing caught leaves the client in an unknown state: leave, and let the next call start afresh.
  process.on('uncaughtException', (error) => {
    crash = toPlain(error);
    process.exit(1);
  });
  // A stray rejection (say, of a cancelled call) does not break the client: report it and keep serving.
  process.on('unhandledRejection', (reason) => {
    process.emitWarning(`TogetherSync worker: unhandled rejection: ${toPlain(reason).message}`);
  });
}

serve(workerData as WorkerData);
