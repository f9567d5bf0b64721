import type { Middleware } from 'openapi-fetch';
import { isBrowser, userAgent } from '../runtime.js';
import type { Logger } from './logger.js';

/**
 * The headers of every API call besides auth: our user agent (not in browsers, which do not allow it) and the
 * caller's default headers, names lower-cased.
 */
export function defaultRequestHeaders(defaultHeaders: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = isBrowser() ? {} : { 'user-agent': userAgent() };
  for (const [name, value] of Object.entries(defaultHeaders)) headers[name.toLowerCase()] = value;
  return headers;
}

/** Reads the service's request id from a response: `x-request-id`, `request-id`, else Cloudflare's `cf-ray`. */
export function readRequestId(headers: Headers | Record<string, string>): string | undefined {
  // By shape, not `instanceof Headers`: a caller's fetch may come from a polyfill with its own class.
  const get = (name: string) =>
    typeof headers.get === 'function'
      ? ((headers as Headers).get(name) ?? undefined)
      : ((headers as Record<string, string>)[name] ?? undefined);
  return get('x-request-id') ?? get('request-id') ?? get('cf-ray');
}

/**
 * Logs each attempt at `debug` (method, URL, status, time, request id) and failures to connect at `debug` too;
 * the logger redacts secrets. Retries and final errors are logged by the retry layer.
 */
export function loggingMiddleware(logger: Logger): Middleware {
  const started = new Map<string, number>();
  return {
    onRequest({ request, id }) {
      started.set(id, Date.now());
      logger.debug(`→ ${request.method} ${request.url}`);
      return undefined;
    },
    onResponse({ request, response, id }) {
      const elapsed = Date.now() - (started.get(id) ?? Date.now());
      started.delete(id);
      const requestId = readRequestId(response.headers);
      logger.debug(
        `← ${response.status} ${request.method} ${request.url} in ${elapsed} ms${requestId ? ` (request id ${requestId})` : ''}`,
      );
      return undefined;
    },
    onError({ request, error, id }) {
      started.delete(id);
      logger.debug(
        `✗ ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    },
  };
}
