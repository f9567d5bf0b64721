import { APIConnectionError, APITimeoutError, APIUserAbortError, errorFromPlain } from '@together-files/core';
import type { GoneMessage, MethodName } from './protocol.js';

/** The error of a call whose worker went away: it says so, and carries the worker's own error as `cause`. */
export function goneError(message: GoneMessage, failure?: Error): APIConnectionError {
  const cause = message.error ? errorFromPlain(message.error) : failure;
  const code = message.code === undefined ? '' : ` (exit code ${message.code})`;
  const reason = cause ? `: ${cause.message}` : '';
  return new APIConnectionError({
    message: `TogetherSync: the worker thread stopped${code} before answering${reason}. The next call starts a new worker.`,
    cause,
  });
}

/** The error of a call that passed its deadline on this side of the thread boundary. */
export function deadlineError(call: { method: MethodName; budget: number; idle: boolean }): APITimeoutError {
  const what = call.idle ? ' of silence from the worker' : '';
  return new APITimeoutError({
    message: `TogetherSync: ${call.method} did not finish within ${call.budget} ms${what}.`,
  });
}

/** The error of a call whose signal fired. */
export function abortError(signal: AbortSignal): APIUserAbortError {
  return new APIUserAbortError({ cause: signal.reason });
}
