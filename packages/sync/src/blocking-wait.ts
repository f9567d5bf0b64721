import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { CheckReport } from '@together-files/core';
import {
  type ErrorMessage,
  type GoneMessage,
  type ResultMessage,
  SIGNAL_INDEX,
  type TransferProgress,
  type WorkerToMain,
} from './protocol.js';

/** Where replies arrive: the main thread's end of the blocking channel and the counter the worker bumps. */
export interface BlockingChannel {
  /** The main thread's end of the blocking channel; nothing else reads it. */
  port: MessagePort;
  /** The counter the worker bumps after each message it posts to `port`. */
  signal: Int32Array;
}

/** How long the call may wait, and who hears of its progress. */
export interface BlockingWaitCall {
  /** Milliseconds the call may wait. */
  budget: number;
  /** Restart the budget at each `alive` or progress message (long calls), rather than counting from the start. */
  idle: boolean;
  /** Called synchronously, in order, for each progress message of this call. */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Called synchronously with an upload's check report, once the check passed. */
  onCheckReport?: ((report: CheckReport) => void) | undefined;
}

/** How a blocking wait ended: a reply of the call, the worker going away, or the deadline passing. */
export type BlockingWaitOutcome = ResultMessage | ErrorMessage | GoneMessage | { type: 'timeout' };

/**
 * Blocks the calling thread until the reply of call `id` arrives, the worker reports that it is going away, or the
 * deadline passes; messages of other (given-up) calls are dropped. Progress and `alive` messages wake the thread
 * too: progress goes to `onProgress`, and either restarts an idle deadline, before waiting again.
 *
 * The counter is read before the port is drained, and `Atomics.wait` only sleeps while it still holds that value:
 * a message posted after the drain has bumped the counter, so the wait returns at once instead of missing it.
 * Nothing is ever subtracted from the counter, so it cannot drift out of step with the messages.
 */
export function waitForReply(
  channel: BlockingChannel,
  id: number,
  call: BlockingWaitCall,
): BlockingWaitOutcome {
  const { port, signal } = channel;
  const { budget, idle } = call;
  // The deadline is Atomics.wait's own timeout: no timer is armed, and a quick reply costs one wake-up.
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
      if (message.type === 'progress') call.onProgress?.(message.progress);
      else if (message.type === 'check-report') call.onCheckReport?.(message.report);
      continue;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { type: 'timeout' };
    Atomics.wait(signal, SIGNAL_INDEX, seen, remaining);
  }
}
