import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import {
  type ErrorMessage,
  type GoneMessage,
  type ResultMessage,
  SIGNAL_INDEX,
  type TransferProgress,
  type WorkerToMain,
} from './protocol.js';

/** What {@link waitForReply} needs: where replies arrive, the call to wait for, and how long it may take. */
export interface BlockingWaitOptions {
  /** The main thread's end of the blocking channel; nothing else reads it. */
  port: MessagePort;
  /** The counter the worker bumps after each message it posts to `port`. */
  signal: Int32Array;
  /** The call's id; messages of other (given-up) calls are dropped. */
  id: number;
  /** Milliseconds the call may wait. */
  budget: number;
  /** Restart the budget at each `alive` or progress message (long calls), rather than counting from the start. */
  idle: boolean;
  /** Called synchronously, in order, for each progress message of this call. */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
}

/** How a blocking wait ended: a reply of the call, the worker going away, or the deadline passing. */
export type BlockingWaitOutcome = ResultMessage | ErrorMessage | GoneMessage | { type: 'timeout' };

/**
 * Blocks the calling thread until the reply of call `id` arrives, the worker reports that it is going away, or the
 * deadline passes. Progress and `alive` messages wake the thread too: progress goes to `onProgress`, and either
 * restarts an idle deadline, before waiting again.
 *
 * The counter is read before the port is drained, and `Atomics.wait` only sleeps while it still holds that value:
 * a message posted after the drain has bumped the counter, so the wait returns at once instead of missing it.
 * Nothing is ever subtracted from the counter, so it cannot drift out of step with the messages.
 */
export function waitForReply(options: BlockingWaitOptions): BlockingWaitOutcome {
  const { port, signal, id, budget, idle, onProgress } = options;
  let deadline = performance.now() + budget;
  for (;;) {
    const seen = Atomics.load(signal, SIGNAL_INDEX);
    const received = receiveMessageOnPort(port);
    if (received !== undefined) {
      const message = received.message as WorkerToMain;
      if (message.type === 'gone') return message;
      if (message.id !== id) continue;
      if (message.type === 'result' || message.type === 'error') return message;
      if (idle) deadline = performance.now() + budget;
      if (message.type === 'progress') onProgress?.(message.progress);
      continue;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { type: 'timeout' };
    Atomics.wait(signal, SIGNAL_INDEX, seen, remaining);
  }
}
