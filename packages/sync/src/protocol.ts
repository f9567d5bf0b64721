/**
 * The messages between the main thread and the worker of a `TogetherSync` client. Only plain data crosses: errors
 * travel as `PlainError` (core's `errorToPlain`) and are rebuilt with `errorFromPlain`; functions (`onProgress`) and
 * `AbortSignal`s stay on the main thread and are replaced by flags and `cancel` messages.
 *
 * Two routes lead back to the main thread. A blocking call's messages go to a dedicated `MessagePort` that the main
 * thread only ever reads with `receiveMessageOnPort`; after each one the worker bumps `signal[SIGNAL_INDEX]` and calls
 * `Atomics.notify`, which wakes the main thread from `Atomics.wait`. A callback call's messages go to `parentPort`
 * and arrive as ordinary `message` events, so the event loop keeps running.
 */
import type { CheckReport, PlainError } from '@together-files/core';

/** The index, in the shared `Int32Array`, of the counter the worker bumps after each message on the blocking port. */
export const SIGNAL_INDEX = 0;

/** The `files` methods the worker runs, by the name of the promise client's method. */
export type MethodName =
  | 'upload'
  | 'list'
  | 'retrieve'
  | 'retrieveContent'
  | 'delete'
  | 'check'
  | 'waitForProcessing';

/**
 * True for the quick JSON calls. They run without a signal in the worker (a cancel could not undo them) and under a
 * deadline counted from their start; the others send signs of life and are timed by their silence.
 */
export function isShortCall(method: MethodName): boolean {
  return method === 'list' || method === 'retrieve' || method === 'delete';
}

/** The progress of a transfer, as the promise client reports it. */
export interface TransferProgress {
  loaded: number;
  total: number;
  part?: number;
  parts?: number;
}

/** Main → worker: run a method. `args` are the caller's arguments with functions and signals taken out. */
export interface CallMessage {
  type: 'call';
  /** Unique per client and increasing; replies carry it back, so late replies of given-up calls are dropped. */
  id: number;
  method: MethodName;
  args: unknown[];
  /** Reply on the blocking port (and notify), rather than on `parentPort`. */
  blocking: boolean;
  /** The caller passed `onProgress`: forward every progress event. */
  progress: boolean;
  /** The caller passed `onCheckReport` (uploads): forward the check's report once it passed. */
  checkReport: boolean;
  /** Send an `alive` message this often (ms) while the call runs; 0 for none. Long calls use it. */
  heartbeatMs: number;
}

/** Main → worker: give up a call (its deadline passed, its signal fired, or its `onProgress` threw). */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

/** Main → worker: call `process.exit(code)` after `afterMs`. Only tests use it, to prove the crash path. */
export interface ExitMessage {
  type: 'exit';
  code: number;
  afterMs: number;
}

/** Everything the main thread sends. */
export type MainToWorker = CallMessage | CancelMessage | ExitMessage;

/** Worker → main: a call succeeded. `requestId` restores the value's non-enumerable `_requestId`. */
export interface ResultMessage {
  type: 'result';
  id: number;
  value: unknown;
  requestId?: string;
}

/** Worker → main: a call failed. */
export interface ErrorMessage {
  type: 'error';
  id: number;
  error: PlainError;
}

/** Worker → main: a call moved bytes (sent only when the caller passed `onProgress`). */
export interface ProgressMessage {
  type: 'progress';
  id: number;
  progress: TransferProgress;
}

/** Worker → main: an upload's check passed, before any request (sent only when the caller passed `onCheckReport`). */
export interface CheckReportMessage {
  type: 'check-report';
  id: number;
  report: CheckReport;
}

/** Worker → main: a long call is still running, and the worker with it; restarts the call's idle deadline. */
export interface AliveMessage {
  type: 'alive';
  id: number;
}

/** Worker → main: the worker is going away (it exited, or it met an error nothing caught). */
export interface GoneMessage {
  type: 'gone';
  /** The exit code, when the worker exited. */
  code?: number;
  /** The error that brought it down, when there was one. */
  error?: PlainError;
  /** The highest call id the worker started; a blocking call above it never ran and may be sent again. */
  lastCallId: number;
}

/** Everything the worker sends. */
export type WorkerToMain =
  | ResultMessage
  | ErrorMessage
  | ProgressMessage
  | CheckReportMessage
  | AliveMessage
  | GoneMessage;

/** What the worker gets at start-up. */
export interface WorkerData {
  /** The client options (plain data only: functions cannot cross). */
  options: Record<string, unknown>;
  /** The shared counter (see {@link SIGNAL_INDEX}). */
  signal: Int32Array;
  /** Where blocking calls are answered. */
  blockingPort: import('node:worker_threads').MessagePort;
}
