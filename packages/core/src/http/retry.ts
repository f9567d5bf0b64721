import { APIError } from '../errors/api-error.js';
import { APIConnectionError, APIUserAbortError } from '../errors/connection-errors.js';
import { isRefusedCertificate, sleep } from './deadline.js';
import type { Logger } from './logger.js';

/** How many times to retry and how long a server may ask us to wait. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** The longest wait between attempts, in ms, even when the server asks for more (default 60 000). */
  maxRetryDelay: number;
}

const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);
const INITIAL_DELAY = 500;
const MAX_BACKOFF = 8000;

/**
 * True when an error is worth another attempt: no response (connection errors and timeouts, but not a refused
 * certificate) or a retryable status. A server's `x-should-retry: true|false` overrides the status rule; a caller's abort never retries.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  // A refused certificate is refused again on every attempt: say so at once rather than after the backoff.
  if (error instanceof APIConnectionError) return !isRefusedCertificate(error.cause);
  if (!(error instanceof APIError) || error.status === undefined) return false;
  const override = error.headers['x-should-retry'];
  if (override === 'true') return true;
  if (override === 'false') return false;
  return RETRY_STATUSES.has(error.status);
}

/**
 * The wait before retry number `retriesDone + 1`: the server's `retry-after-ms` or `retry-after` (seconds or an
 * HTTP date) capped at `maxRetryDelay`, else 0.5 s doubling to 8 s, less up to 25 % jitter.
 */
export function retryDelay(
  retriesDone: number,
  headers: Record<string, string>,
  maxRetryDelay: number,
): number {
  const asked = askedDelay(headers);
  if (asked !== undefined) return Math.min(asked, maxRetryDelay);
  const backoff = Math.min(INITIAL_DELAY * 2 ** retriesDone, MAX_BACKOFF);
  return Math.min(Math.round(backoff * (1 - Math.random() * 0.25)), maxRetryDelay);
}

function askedDelay(headers: Record<string, string>): number | undefined {
  const milliseconds = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Decides about a failed attempt: returns the ms to wait before the next one, or `undefined` to give up.
 * `retryable` lets one call narrow the rule (a 409 that means "duplicate file" is final).
 */
export function nextRetryDelay(
  error: unknown,
  retriesDone: number,
  policy: RetryPolicy & { retryable?: ((error: unknown) => boolean) | undefined },
): number | undefined {
  if (retriesDone >= policy.maxRetries) return undefined;
  if (!(policy.retryable ?? isRetryable)(error)) return undefined;
  const headers = error instanceof APIError ? error.headers : {};
  return retryDelay(retriesDone, headers, policy.maxRetryDelay);
}

/** What {@link withRetries} needs besides the attempt. */
export interface RetryOptions extends RetryPolicy {
  signal?: AbortSignal | undefined;
  logger: Logger;
  /** Names the call in logs: `GET /files`, `PUT part 3`. */
  label: string;
  retryable?: ((error: unknown) => boolean) | undefined;
  /**
   * Called before each retry with the failure that caused it, so a caller can learn what became of an earlier
   * attempt (`deleteFile`: a connection error means its answer, not necessarily its effect, was lost).
   */
  onRetry?: ((error: unknown) => void) | undefined;
  /**
   * The retries already spent by one operation that runs the loop several times: a download enters it to open
   * its body and after each failure, and its resumes count together. Updated in place; a fresh count when absent.
   */
  spent?: { retries: number } | undefined;
}

/**
 * Runs `attempt` until it succeeds, the error is final, or the retries are spent; waits between attempts and stops
 * waiting when `signal` aborts. The one retry loop: JSON calls, uploads, parts and download resumes use it.
 */
export async function withRetries<T>(
  options: RetryOptions,
  attempt: (context: { retriesDone: number }) => Promise<T>,
): Promise<T> {
  const spent = options.spent ?? { retries: 0 };
  for (;;) {
    try {
      return await attempt({ retriesDone: spent.retries });
    } catch (error) {
      const delay = nextRetryDelay(error, spent.retries, options);
      if (delay === undefined) throw error;
      logRetry(options, error, spent.retries, delay);
      options.onRetry?.(error);
      spent.retries++;
      await sleep(delay, options.signal);
    }
  }
}

function logRetry(options: RetryOptions, error: unknown, retriesDone: number, delay: number): void {
  const reason = error instanceof Error ? error.message : String(error);
  options.logger.info(
    `${options.label} failed (${reason}); retry ${retriesDone + 1} of ${options.maxRetries} in ${delay} ms`,
  );
}
