import { describe, expect, test, vi } from 'vitest';
import { APIError } from '../errors/api-error.js';
import { APIConnectionError, APITimeoutError, APIUserAbortError } from '../errors/connection-errors.js';
import { TogetherError } from '../errors/together-error.js';
import { isRetryable, nextRetryDelay, retryDelay, withRetries } from './retry.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const status = (code: number, headers: Record<string, string> = {}) =>
  APIError.fromResponse({ status: code, headers });

describe('isRetryable', () => {
  test.each([408, 409, 429, 500, 502, 503, 504])('%i is retried', (code) => {
    expect(isRetryable(status(code))).toBe(true);
  });
  test.each([400, 401, 403, 404, 422, 501])('%i is not', (code) => {
    expect(isRetryable(status(code))).toBe(false);
  });
  test('x-should-retry overrides the status rule', () => {
    expect(isRetryable(status(503, { 'x-should-retry': 'false' }))).toBe(false);
    expect(isRetryable(status(400, { 'x-should-retry': 'true' }))).toBe(true);
  });
  test('no response is retried, a caller abort or a local error is not', () => {
    expect(isRetryable(new APIConnectionError())).toBe(true);
    expect(isRetryable(new APITimeoutError())).toBe(true);
    expect(isRetryable(new APIUserAbortError())).toBe(false);
    expect(isRetryable(new TogetherError('bad input'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
  test('a refused certificate is not retried (the same certificate comes back); a reset connection is', () => {
    const failed = (code: string) =>
      new APIConnectionError({ cause: Object.assign(new Error(`failed: ${code}`), { code }) });
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED']) {
      expect(isRetryable(failed(code))).toBe(false);
    }
    expect(isRetryable(failed('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe(false);
    // fetch wraps Node's error in a TypeError whose cause carries the code.
    const wrapped = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }),
    });
    expect(isRetryable(new APIConnectionError({ cause: wrapped }))).toBe(false);
    expect(isRetryable(failed('ECONNRESET'))).toBe(true);
    expect(isRetryable(failed('ECONNREFUSED'))).toBe(true);
  });
});

describe('retryDelay', () => {
  test('backoff doubles from 0.5 s to at most 8 s, less up to 25 % jitter', () => {
    for (const [retries, full] of [
      [0, 500],
      [1, 1000],
      [2, 2000],
      [4, 8000],
      [9, 8000],
    ] as const) {
      for (let sample = 0; sample < 20; sample++) {
        const delay = retryDelay(retries, {}, 60_000);
        expect(delay).toBeLessThanOrEqual(full);
        expect(delay).toBeGreaterThanOrEqual(full * 0.75);
      }
    }
  });
  test('retry-after-ms, then retry-after in seconds or as an HTTP date, capped at maxRetryDelay', () => {
    expect(retryDelay(0, { 'retry-after-ms': '250', 'retry-after': '9' }, 60_000)).toBe(250);
    expect(retryDelay(0, { 'retry-after': '2' }, 60_000)).toBe(2000);
    expect(retryDelay(0, { 'retry-after': '1.5' }, 60_000)).toBe(1500);
    expect(retryDelay(0, { 'retry-after': '120' }, 60_000)).toBe(60_000);
    const date = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryDelay(0, { 'retry-after': date }, 60_000);
    expect(fromDate).toBeGreaterThan(8_000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
    expect(retryDelay(0, { 'retry-after': 'soon' }, 60_000)).toBeLessThanOrEqual(500);
  });
  test('nextRetryDelay gives up when the retries are spent or the error is final', () => {
    const policy = { maxRetries: 2, maxRetryDelay: 100 };
    expect(nextRetryDelay(status(500), 1, policy)).toBeTypeOf('number');
    expect(nextRetryDelay(status(500), 2, policy)).toBeUndefined();
    expect(nextRetryDelay(status(404), 0, policy)).toBeUndefined();
    expect(nextRetryDelay(status(409), 0, { ...policy, retryable: () => false })).toBeUndefined();
  });
});

describe('withRetries', () => {
  const options = { maxRetries: 2, maxRetryDelay: 1, logger: quiet, label: 'test' };

  test('retries until success', async () => {
    const attempt = vi
      .fn()
      .mockRejectedValueOnce(status(503))
      .mockRejectedValueOnce(new APIConnectionError())
      .mockResolvedValue('ok');
    await expect(withRetries(options, attempt)).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  test('throws the last error once the retries are spent (1 + maxRetries attempts)', async () => {
    const attempt = vi.fn().mockRejectedValue(status(500));
    await expect(withRetries(options, attempt)).rejects.toMatchObject({ status: 500 });
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  test('an attempt that throws synchronously rejects like an async one (and is retried)', async () => {
    const attempt = vi
      .fn()
      .mockImplementationOnce(() => {
        throw status(503);
      })
      .mockResolvedValue('ok');
    const run = withRetries(options, attempt);
    expect(run).toBeInstanceOf(Promise);
    await expect(run).resolves.toBe('ok');
  });

  test('a final error is thrown at once', async () => {
    const attempt = vi.fn().mockRejectedValue(status(401));
    await expect(withRetries(options, attempt)).rejects.toMatchObject({ status: 401 });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  test('an abort while waiting stops at once with APIUserAbortError', async () => {
    const controller = new AbortController();
    const attempt = vi.fn().mockImplementation(async () => {
      setTimeout(() => controller.abort(), 5);
      throw status(503, { 'retry-after': '30' });
    });
    const run = withRetries({ ...options, maxRetryDelay: 60_000, signal: controller.signal }, attempt);
    await expect(run).rejects.toBeInstanceOf(APIUserAbortError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  test('onRetry hears the failure before each retry, and only when a retry follows', async () => {
    const onRetry = vi.fn();
    const reset = new APIConnectionError();
    const attempt = vi.fn().mockRejectedValueOnce(reset).mockRejectedValue(status(503));
    await expect(withRetries({ ...options, onRetry }, attempt)).rejects.toMatchObject({ status: 503 });
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls).toEqual([[reset], [status(503)]]);
  });

  test('runs sharing `spent` count their retries together (the resumes of a download)', async () => {
    const spent = { retries: 0 };
    const flaky = () => vi.fn().mockRejectedValueOnce(new APIConnectionError()).mockResolvedValue('chunk');
    await expect(withRetries({ ...options, spent }, flaky())).resolves.toBe('chunk');
    await expect(withRetries({ ...options, spent }, flaky())).resolves.toBe('chunk');
    expect(spent.retries).toBe(2);
    const third = flaky();
    await expect(withRetries({ ...options, spent }, third)).rejects.toBeInstanceOf(APIConnectionError);
    expect(third).toHaveBeenCalledTimes(1);
  });

  test('logs each retry at info', async () => {
    const logger = { ...quiet, info: vi.fn() };
    const attempt = vi.fn().mockRejectedValueOnce(status(502)).mockResolvedValue(1);
    await withRetries({ ...options, logger }, attempt);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^test failed \(502 .*\); retry 1 of 2 in \d+ ms$/),
    );
  });
});
