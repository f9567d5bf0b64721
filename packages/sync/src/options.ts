import type { TogetherOptions } from '@together-files/client';
import { resolveOptions, resolveUploadSettings, TogetherError } from '@together-files/core';
import type { MethodName } from './protocol.js';

/**
 * The options of `TogetherSync`: those of `Together` that are plain data (the worker builds its client from them),
 * plus `blockingTimeout`. `fetch` and `logger` are functions, which cannot cross to the worker thread.
 */
export interface TogetherSyncOptions extends Omit<TogetherOptions, 'fetch' | 'logger'> {
  /**
   * How long (ms) a blocking call waits for the worker before it throws `APITimeoutError`. Default: the client's
   * own budget, `timeout × (maxRetries + 1) + maxRetryDelay × maxRetries + 5 s`. Uploads and downloads to a file
   * count it from their last progress report instead, so long transfers live as long as bytes move.
   */
  blockingTimeout?: number | undefined;
}

/** What the client keeps of its options: the worker's copy, and the deadlines of each kind of call. */
export interface SyncSettings {
  /** Plain data for `new Together(...)` in the worker, with the key and base URL resolved here. */
  workerOptions: Record<string, unknown>;
  /** The budget of one call of the promise client (all attempts and waits), or `blockingTimeout`. */
  budget: number;
  /** The log level, for the main thread's own warnings. */
  logLevel: string;
  /** True when `blockingTimeout` was given: it then replaces every computed deadline. */
  fixed: boolean;
}

// Covers the worker's start-up and the hop across threads.
const MARGIN_MS = 5_000;
// The local check reads the whole file and reports no progress; 50 GiB at a slow 100 MB/s takes about 9 minutes.
const CHECK_MINIMUM_MS = 15 * 60_000;
// `waitForProcessing` polls for this long unless told otherwise (core's default).
const WAIT_DEFAULT_MS = 10 * 60_000;

/**
 * Checks the options as `Together` would (same errors, at construction) and refuses functions. The key and base URL
 * are resolved on this thread, so the worker uses what the environment said when the client was made.
 */
export function resolveSyncSettings(options: TogetherSyncOptions = {}): SyncSettings {
  for (const name of ['fetch', 'logger'] as const) {
    if ((options as Record<string, unknown>)[name] !== undefined) {
      throw new TogetherError(
        `TogetherSync does not take \`${name}\`: its requests run in a worker thread, and functions cannot cross ` +
          'to it. Use the promise client (Together) for a custom fetch or logger.',
      );
    }
  }
  const { blockingTimeout, upload, ...clientOptions } = options;
  const resolved = resolveOptions(clientOptions);
  resolveUploadSettings(upload);
  if (blockingTimeout !== undefined && !(typeof blockingTimeout === 'number' && blockingTimeout > 0)) {
    throw new TogetherError(
      `blockingTimeout must be a positive number of milliseconds; got ${String(blockingTimeout)}`,
    );
  }
  const { apiKey, baseURL, timeout, maxRetries, maxRetryDelay, logLevel, defaultHeaders } = resolved;
  const workerOptions = {
    apiKey,
    baseURL,
    timeout,
    maxRetries,
    maxRetryDelay,
    logLevel,
    defaultHeaders,
    upload,
  };
  const budget = blockingTimeout ?? timeout * (maxRetries + 1) + maxRetryDelay * maxRetries + MARGIN_MS;
  return { workerOptions, budget, logLevel, fixed: blockingTimeout !== undefined };
}

/** The deadline of one call: how long, and whether it restarts at each progress report. */
export interface CallDeadline {
  budget: number;
  idle: boolean;
}

/** The deadline of a call of `method`; `options` are its own options (`output`, `timeoutMs`). */
export function deadlineOf(
  settings: SyncSettings,
  method: MethodName,
  options?: Record<string, unknown>,
): CallDeadline {
  const { budget, fixed } = settings;
  switch (method) {
    case 'upload':
      return { budget, idle: true };
    case 'retrieveContent':
      return { budget, idle: options !== undefined && 'output' in options };
    case 'check':
      return { budget: fixed ? budget : Math.max(budget, CHECK_MINIMUM_MS), idle: false };
    case 'waitForProcessing': {
      const timeoutMs = typeof options?.timeoutMs === 'number' ? options.timeoutMs : WAIT_DEFAULT_MS;
      return { budget: fixed ? budget : timeoutMs + budget, idle: false };
    }
    default:
      return { budget, idle: false };
  }
}
