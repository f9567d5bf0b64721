import { APIConnectionError, APITimeoutError, APIUserAbortError } from '../errors/connection-errors.js';
import { TogetherError } from '../errors/together-error.js';

/** One attempt's cancellation: the caller's signal plus a timeout, with the cause of an abort remembered. */
export interface Deadline {
  /** Aborts when the caller aborts or the time runs out. */
  readonly signal: AbortSignal;
  /** Restarts the timer (idle mode: a byte moved). */
  touch(): void;
  /** Stops the timer while the caller, not the network, holds things up (a slow stream reader). */
  pause(): void;
  /** Ends an attempt that finished: clears the timer and the listener on the caller's signal (cheap: no abort). */
  done(): void;
  /**
   * Ends an attempt that failed: returns what it threw as one of our error classes (using why the signal fired, if
   * it did), and aborts the signal so that a connection or body still open is dropped.
   */
  fail(error: unknown): Error;
}

/**
 * Starts a deadline of `timeout` ms. It is a wall clock for the whole attempt (JSON calls, body included) unless the
 * caller {@link Deadline.touch}es it as bytes move, which makes it an idle timer (transfers: slow but moving lives).
 */
export function createDeadline(options: { signal?: AbortSignal | undefined; timeout: number }): Deadline {
  const { signal: callerSignal, timeout } = options;
  if (callerSignal?.aborted) throw new APIUserAbortError({ cause: callerSignal.reason });
  const controller = new AbortController();
  let cause: 'caller' | 'timeout' | 'failed' | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abort = (why: 'caller' | 'timeout' | 'failed') => {
    if (cause) return;
    cause = why;
    controller.abort(
      why === 'timeout'
        ? new APITimeoutError({ message: `No response within ${timeout} ms.` })
        : new APIUserAbortError(),
    );
  };
  const onCallerAbort = () => abort('caller');
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const pause = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const done = () => {
    pause();
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  const touch = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = cause ? undefined : setTimeout(() => abort('timeout'), timeout);
  };
  touch();
  return {
    signal: controller.signal,
    touch,
    pause,
    done,
    fail(error) {
      const mapped = toError(error, cause, timeout, callerSignal);
      done();
      abort('failed');
      return mapped;
    },
  };
}

function toError(
  error: unknown,
  cause: 'caller' | 'timeout' | 'failed' | undefined,
  timeout: number,
  callerSignal: AbortSignal | undefined,
): Error {
  if (cause === 'caller') return new APIUserAbortError({ cause: callerSignal?.reason });
  if (cause === 'timeout') return new APITimeoutError({ message: `Request timed out after ${timeout} ms.` });
  if (error instanceof TogetherError) return error;
  return new APIConnectionError({ message: connectionMessage(error), cause: error });
}

// Node's codes for a certificate chain that does not end at a trusted root (a private CA, or a TLS-inspecting proxy).
const UNTRUSTED_CERTIFICATE = /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF|CERT_UNTRUSTED/;
// ...and every code of a certificate Node refused (expired, not yet valid, for another name, revoked): a retry
// meets the same certificate.
const REFUSED_CERTIFICATE = /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF|CERT_/;

/** The `code` Node gave a failed connection: on the error, or on its cause (fetch wraps it in a TypeError). */
function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a connection failed because its server's certificate was refused, which no retry can change. */
export function isRefusedCertificate(error: unknown): boolean {
  // Certificates are Node's to refuse: the web build's fetch says only that it failed, with no code to read.
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) return false;
  const code = errorCode(error);
  return code !== undefined && REFUSED_CERTIFICATE.test(code);
}

function connectionMessage(error: unknown): string {
  if (!(error instanceof Error)) return 'Connection error.';
  const detail = error.cause instanceof Error && error.cause.message ? error.cause.message : error.message;
  // No Node error code, and so no certificate hint, in the web build: a browser's fetch says only "Failed to fetch".
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__)
    return `Connection error: ${detail}`;
  const code = errorCode(error);
  const hint =
    code !== undefined && UNTRUSTED_CERTIFICATE.test(code)
      ? ". The server's certificate is not trusted here: for a private CA, start Node with NODE_EXTRA_CA_CERTS=<ca.pem>."
      : '';
  return `Connection error: ${detail}${code !== undefined && !detail.includes(code) ? ` (${code})` : ''}${hint}`;
}

/** Waits `ms`, or throws {@link APIUserAbortError} as soon as `signal` aborts; leaves no listener behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new APIUserAbortError({ cause: signal.reason }));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
