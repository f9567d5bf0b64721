import { TogetherError } from '../errors/together-error.js';
import { isNode } from '../runtime.js';
import { createLogger, type Logger, type LogLevel, parseLogLevel } from './logger.js';

/** The options every client takes; all plain data except `fetch` and `logger`. */
export interface ClientOptions {
  /** Defaults to `TOGETHER_API_KEY`; missing → an error at construction. */
  apiKey?: string | undefined;
  /** Defaults to `TOGETHER_BASE_URL`, then `https://api.together.ai/v1`. */
  baseURL?: string | undefined;
  /** ms; each JSON call with its body, and the idle limit of byte transfers (default 60 000). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** The longest wait between attempts, in ms, even when the server asks for more (default 60 000). */
  maxRetryDelay?: number | undefined;
  /** A `fetch` for JSON calls; when given, byte transfers use it too instead of `node:http`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Defaults to `TOGETHER_LOG`, then `warn`. */
  logLevel?: LogLevel | undefined;
  /** Where logs go (default `console`); secrets are redacted before they get there. */
  logger?: Logger | undefined;
  /** Sent with every API call (never to storage URLs). */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * A proxy for every request of this client, JSON calls and transfers alike (Node, Bun, Deno): `http://host:port`,
   * credentials in the URL if needed. http targets go to it in absolute form, https targets through a CONNECT tunnel,
   * so TLS and `NODE_EXTRA_CA_CERTS` still apply end to end. Replaces `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, which
   * apply otherwise. A string, so `TogetherSync` passes it to its worker.
   */
  proxy?: string | undefined;
  /**
   * The Node `http.Agent` for every request (http and https targets alike): a proxy agent, or an agent with your own
   * TLS or socket settings. Named as in the official together-ai SDK. Promise client on Node, Bun and Deno only: an
   * agent cannot cross to `TogetherSync`'s worker (give it `proxy` instead).
   */
  httpAgent?: HttpAgent | undefined;
}

/**
 * A Node `http.Agent` or subclass (http-proxy-agent, https-proxy-agent, proxy-agent...). Typed by the one method
 * `node:http` calls on it, so the types need no Node declarations in a browser project.
 */
export interface HttpAgent {
  addRequest(...args: never[]): unknown;
}

/** {@link ClientOptions} with every default applied and checked. */
export interface ResolvedOptions {
  apiKey: string;
  /** Without a trailing slash. */
  baseURL: string;
  timeout: number;
  maxRetries: number;
  maxRetryDelay: number;
  fetch: typeof globalThis.fetch | undefined;
  logLevel: LogLevel;
  logger: Logger;
  defaultHeaders: Record<string, string>;
  /** The proxy URL, checked; `undefined` → the environment's proxy variables. */
  proxy: string | undefined;
  httpAgent: HttpAgent | undefined;
}

/** The service's address when neither the option nor `TOGETHER_BASE_URL` says otherwise. */
export const DEFAULT_BASE_URL = 'https://api.together.ai/v1';

/** Reads an environment variable where there is an environment (Node, Deno, Bun); `undefined` in browsers. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

const SECRET_HEADER = /auth|key|token|secret|cookie|session/i;

/** Applies defaults and environment variables; throws a {@link TogetherError} naming the bad option. */
export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  const apiKey = options.apiKey ?? readEnv('TOGETHER_API_KEY');
  if (!apiKey) {
    throw new TogetherError(
      'Missing API key: pass `apiKey` to the client or set the TOGETHER_API_KEY environment variable.',
    );
  }
  const baseURL = options.baseURL ?? readEnv('TOGETHER_BASE_URL') ?? DEFAULT_BASE_URL;
  let parsed: URL;
  try {
    parsed = new URL(baseURL);
  } catch {
    throw new TogetherError(`baseURL is not a valid URL: ${JSON.stringify(baseURL)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TogetherError(`baseURL must be an http(s) URL; got ${JSON.stringify(baseURL)}`);
  }
  const logLevel =
    options.logLevel !== undefined
      ? parseLogLevel(options.logLevel, 'logLevel')
      : parseLogLevel(readEnv('TOGETHER_LOG')?.toLowerCase() ?? 'warn', 'TOGETHER_LOG');
  return {
    apiKey,
    baseURL: baseURL.replace(/\/+$/, ''),
    timeout: positive(options.timeout, 60_000, 'timeout'),
    maxRetries: count(options.maxRetries, 2, 'maxRetries'),
    maxRetryDelay: count(options.maxRetryDelay, 60_000, 'maxRetryDelay'),
    fetch: options.fetch,
    logLevel,
    logger: createLogger({
      level: logLevel,
      logger: options.logger,
      secrets: secretsOf(apiKey, options.defaultHeaders),
    }),
    defaultHeaders: { ...options.defaultHeaders },
    ...resolveNetwork(options),
  };
}

/**
 * Checks `proxy` and `httpAgent`: they steer core's Node HTTP client, so they refuse a runtime without one, a caller's
 * own `fetch` (which has its own settings), and each other.
 */
function resolveNetwork(options: ClientOptions): Pick<ResolvedOptions, 'proxy' | 'httpAgent'> {
  const { proxy, httpAgent } = options;
  if (proxy === undefined && httpAgent === undefined) return { proxy: undefined, httpAgent: undefined };
  const name = proxy === undefined ? 'httpAgent' : 'proxy';
  // The web build folds this branch to the throw, so the checks below stay out of browser bundles.
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !isNode()) {
    throw new TogetherError(
      `\`${name}\` works on Node, Bun and Deno; here requests go through fetch, which uses the system's proxy settings.`,
    );
  } else {
    return checkNetwork(options, name);
  }
}

function checkNetwork(options: ClientOptions, name: string): Pick<ResolvedOptions, 'proxy' | 'httpAgent'> {
  const { proxy, httpAgent } = options;
  if (proxy !== undefined && httpAgent !== undefined) {
    throw new TogetherError('Pass `proxy` or `httpAgent`, not both: the agent would decide alone.');
  }
  if (options.fetch) {
    throw new TogetherError(
      `\`${name}\` steers the client's own HTTP client, which a custom \`fetch\` replaces: set the proxy in your fetch.`,
    );
  }
  if (httpAgent !== undefined) {
    if (typeof (httpAgent as { addRequest?: unknown })?.addRequest !== 'function') {
      throw new TogetherError('httpAgent must be a Node http.Agent (or a subclass such as a proxy agent).');
    }
    return { proxy: undefined, httpAgent };
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(String(proxy));
  } catch {}
  if (typeof proxy !== 'string' || (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')) {
    throw new TogetherError(
      `proxy must be an http(s) URL such as http://proxy.internal:3128; got ${redactedURL(proxy)}`,
    );
  }
  return { proxy, httpAgent: undefined };
}

// A proxy URL may carry a password: the error names its shape, not its credentials.
function redactedURL(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.replace(/\/\/[^/@]*@/, '//***@')) : String(value);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TogetherError(`${name} must be a positive number of milliseconds; got ${String(value)}`);
  }
  return value;
}

function count(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TogetherError(`${name} must be a whole number of 0 or more; got ${String(value)}`);
  }
  return value;
}

/** The values logs must never show: the key, and default headers whose names suggest a credential. */
function secretsOf(apiKey: string, headers: Record<string, string> = {}): string[] {
  const named = Object.entries(headers).filter(([name]) => SECRET_HEADER.test(name));
  return [apiKey, ...named.map(([, value]) => value)];
}
