import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  FileCheckError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UploadError,
} from '@together-files/client';

/** Exit codes: 0 success, 1 the operation failed, 2 bad usage, 130 interrupted by Ctrl-C (SIGINT). */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130, TERMINATED: 143 } as const;

/** A mistake in the command line or the configuration (exit 2); the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the command already explained (for example a failed check whose report was printed). */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
  /** True when stdout already holds the command's result, so no JSON error object follows it. */
  readonly resultPrinted: boolean;

  constructor(message: string, options: { resultPrinted?: boolean } = {}) {
    super(message);
    this.resultPrinted = options.resultPrinted ?? false;
  }
}

/** One error as the CLI reports it: a single line for people, an object for --json, and the exit code. */
export interface DescribedError {
  line: string;
  exitCode: number;
  json: {
    name: string;
    message: string;
    status?: number;
    request_id?: string;
    line_number?: number;
    step?: string;
  };
}

// APIConnectionError and APITimeoutError are APIErrors too.
function isTransportError(error: unknown): error is APIError {
  return error instanceof APIError && !(error instanceof APIUserAbortError);
}

/** What `describeError` knows of the run beyond the error itself. */
export interface ErrorContext {
  /** What failed, e.g. `upload train.jsonl`. */
  action: string;
  /** The base URL the run used (flag, environment or default): the server named in connection errors. */
  baseURL?: string;
  /** True when the command's request names no file id (`list`, `upload`): a 404 there means a wrong base URL. */
  collectionRoute?: boolean;
}

/** The `/v1` advice for a 404, or undefined when the base URL already ends in a version. */
function versionHint(baseURL: string | undefined): string | undefined {
  if (baseURL === undefined) return undefined;
  const trimmed = baseURL.replace(/\/+$/, '');
  if (/\/v\d+$/.test(trimmed)) return undefined;
  return `The API lives under /v1: try --base-url ${trimmed}/v1.`;
}

function hintForStatus(error: APIError, context: ErrorContext): string {
  if (error instanceof AuthenticationError) return 'Check --api-key or TOGETHER_API_KEY.';
  if (error instanceof PermissionDeniedError) return 'This API key may not use that file.';
  if (error instanceof NotFoundError) {
    const version = versionHint(context.baseURL);
    if (context.collectionRoute) return version ?? 'Check --base-url or TOGETHER_BASE_URL.';
    return version
      ? `Check the id with \`together-files list\`, or the base URL: ${version.charAt(0).toLowerCase()}${version.slice(1)}`
      : 'Check the id with `together-files list`.';
  }
  if (error instanceof RateLimitError) return 'Wait a moment and try again.';
  if (typeof error.status === 'number' && error.status >= 500) return 'The service failed; try again later.';
  return 'Check the arguments and try again.';
}

function withoutTrailingDot(text: string): string {
  return text.replace(/\.+$/, '');
}

/**
 * Turns any error into what the CLI prints: what failed (`action`), why, and what to do, with the request id
 * when the service sent one. `baseURL` names the server in connection errors.
 */
export function describeError(error: unknown, context: ErrorContext): DescribedError {
  const { action } = context;
  // An upload step that failed on an API or network error reads as that error, with the step as one more fact.
  if (error instanceof UploadError && isTransportError(error.cause)) {
    const described = describeError(error.cause, context);
    return {
      ...described,
      line: described.line.replace(/^(.*? failed)(:| \()/, `$1 at the ${error.step} step$2`),
      json: { ...described.json, step: error.step },
    };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    return { line: `error: ${message}`, exitCode: ExitCode.USAGE, json: { name, message } };
  }
  if (error instanceof FileCheckError) {
    const lineNumber = error.report.line_number;
    // A strict upload is refused on warnings of a report that passed: the error's message names them.
    const reason = withoutTrailingDot(
      error.report.is_check_passed
        ? error.message.replace(/^File check failed \((strict)\):/, '$1:')
        : error.report.message,
    );
    return {
      line: `${action} refused by the local check: ${reason}. Fix the file, or skip the check with --no-check.`,
      exitCode: ExitCode.FAILED,
      json: {
        name,
        message: error.report.is_check_passed ? error.message : error.report.message,
        ...(lineNumber !== undefined && { line_number: lineNumber }),
      },
    };
  }
  if (error instanceof APIUserAbortError) {
    return { line: `${action} cancelled.`, exitCode: ExitCode.INTERRUPTED, json: { name, message } };
  }
  if (error instanceof APITimeoutError) {
    return {
      line: `${action} failed: the request timed out. Try again, or check the network.`,
      exitCode: ExitCode.FAILED,
      json: { name, message },
    };
  }
  if (error instanceof APIConnectionError) {
    const server = context.baseURL ?? 'the server';
    return {
      line: `${action} failed: could not reach ${server} (${withoutTrailingDot(message)}). Check --base-url or TOGETHER_BASE_URL and the network.`,
      exitCode: ExitCode.FAILED,
      json: { name, message },
    };
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const requestId = error.requestId ?? undefined;
    const facts = [status !== undefined && `HTTP ${status}`, requestId && `request id ${requestId}`].filter(
      Boolean,
    );
    // The clients' messages start with the status (`404 No file ...`); the facts in brackets carry it already.
    const reason = withoutTrailingDot(message.replace(/^\d{3}\s+/, ''));
    const line = `${action} failed: ${reason}${facts.length ? ` (${facts.join(', ')})` : ''}. ${hintForStatus(error, context)}`;
    return {
      line,
      exitCode: ExitCode.FAILED,
      json: {
        name,
        message,
        ...(status !== undefined && { status }),
        ...(requestId && { request_id: requestId }),
      },
    };
  }
  if (error instanceof UploadError) {
    const reason =
      withoutTrailingDot(message.replace(/^Upload failed at step "[a-z]+":?\s*/, '')) || 'no reason given';
    return {
      line: `${action} failed at the ${error.step} step: ${reason}. Try again.`,
      exitCode: ExitCode.FAILED,
      json: { name, message, step: error.step },
    };
  }
  return { line: `${action} failed: ${message}`, exitCode: ExitCode.FAILED, json: { name, message } };
}
