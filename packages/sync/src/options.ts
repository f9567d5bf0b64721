import type { TogetherOptions } from '@together-files/client';
import { resolveOptions, resolveUploadSettings, TogetherError } from '@together-files/core';

/**
 * The options of `TogetherSync`: those of `Together` that are plain data (the worker builds its client from them),
 * plus `blockingTimeout`. `fetch` and `logger` are functions and `httpAgent` holds sockets: none can cross to the
 * worker thread. A `proxy` URL does: the worker's client sends every request through it.
 */
export interface TogetherSyncOptions extends Omit<TogetherOptions, 'fetch' | 'logger' | 'httpAgent'> {
  /**
   * How long (ms) a blocking call waits for the worker before it throws `APITimeoutError`. Default: the client's
   * own budget, `timeout × (maxRetries + 1) + maxRetryDelay × maxRetries + 5 s`. Long calls (upload, retrieveContent,
   * check, waitForProcessing) count it from the worker's last sign of life instead.
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
}

// Covers the worker's start-up and the hop across threads.
const MARGIN_MS = 5_000;

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
  if ((options as Record<string, unknown>).httpAgent !== undefined) {
    throw new TogetherError(
      'TogetherSync does not take `httpAgent`: its requests run in a worker thread, and an agent (its sockets and ' +
        'functions) cannot cross to it. Pass `proxy: "http://host:port"` instead, or use the promise client (Together).',
    );
  }
  const { blockingTimeout, upload, ...clientOptions } = options;
  const resolved = resolveOptions(clientOptions);
  resolveUploadSettings(upload);
  if (blockingTimeout !== undefined && !(typeof blockingTimeout === 'number' && blockingTimeout > 0)) {
    throw new TogetherError(
      `blockingTimeout must be a positive number of milliseconds; got ${String(blockingTimeout)}`,
    );
  }
  const { apiKey, baseURL, timeout, maxRetries, maxRetryDelay, logLevel, defaultHeaders, proxy } = resolved;
  const workerOptions = {
    apiKey,
    baseURL,
    timeout,
    maxRetries,
    maxRetryDelay,
    logLevel,
    defaultHeaders,
    proxy,
    upload,
  };
  const budget = blockingTimeout ?? timeout * (maxRetries + 1) + maxRetryDelay * maxRetries + MARGIN_MS;
  return { workerOptions, budget, logLevel };
}
