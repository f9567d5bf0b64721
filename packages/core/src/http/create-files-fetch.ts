import type { paths } from '@together-files/types';
import type { Client } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import { APIError } from '../errors/api-error.js';
import { isNode } from '../runtime.js';
import { createTransport, type Transport } from '../transfer/transport.js';
import { createDeadline } from './deadline.js';
import type { Logger } from './logger.js';
import { defaultRequestHeaders, loggingMiddleware, readRequestId } from './middleware.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PlainRequest } from './plain-request.js';
import { withRetries } from './retry.js';

// openapi-fetch's CJS build sets `exports.default`; a Node-style CJS import of it puts that one level deeper.
const createClient: typeof openapiFetch.default =
  (openapiFetch.default as unknown as { default?: typeof openapiFetch.default }).default ??
  openapiFetch.default;
const createQuerySerializer: typeof openapiFetch.createQuerySerializer =
  openapiFetch.createQuerySerializer ??
  (openapiFetch.default as unknown as typeof openapiFetch).createQuerySerializer;

/** What one openapi-fetch call resolves to (its union, loosened so any operation fits). */
export interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** Per-call settings of {@link FilesFetch.call}. */
export interface CallOptions {
  /** Cancels the call, waits between attempts included. */
  signal?: AbortSignal | undefined;
  /** Names the call in logs, e.g. `GET /files`. */
  label: string;
  /** Statuses that count as success besides 2xx (302 for `POST /files`). */
  acceptStatus?: readonly number[];
  /** Narrows which failures are retried (the default rule is {@link isRetryable}). */
  retryable?: ((error: unknown) => boolean) | undefined;
  /** Overrides the client's timeout for this call, in ms (a one-shot upload's deadline grows with its size). */
  timeout?: number | undefined;
}

/** A successful call: the parsed body, the response, and the service's request id. */
export interface CallResult<Data> {
  data: Data;
  response: Response;
  requestId: string | undefined;
}

/** The typed HTTP layer every client shares: openapi-fetch with our middleware, plus retries and timeouts. */
export interface FilesFetch {
  /** The openapi-fetch client, with auth, user agent, default headers and logging middleware. */
  readonly client: Client<paths>;
  /** The options, defaults applied. */
  readonly options: ResolvedOptions;
  /** The redacting logger. */
  readonly logger: Logger;
  /**
   * Runs one API call with retries and a timeout that covers the body too; resolves on success, throws the
   * {@link APIError} subclass of the status otherwise (or a connection, timeout or abort error).
   */
  call<Data>(
    run: (init: { signal: AbortSignal }) => Promise<FetchResult<Data>>,
    options: CallOptions,
  ): Promise<CallResult<Data>>;
  /** The headers of an API call made outside openapi-fetch (downloads): auth, user agent, defaults. */
  apiHeaders(): Record<string, string>;
  /** The byte transport, created on first use (`node:http` on Node, `fetch` elsewhere or when one was given). */
  transport(): Promise<Transport>;
}

const NO_STATUS: readonly number[] = [];

/**
 * Creates the HTTP layer: resolves options (env vars included, missing key → error) and builds the openapi-fetch
 * client with the API headers (auth, user agent, defaults) set once; logging middleware only at `debug`.
 */
export function createFilesFetch(clientOptions: ClientOptions = {}): FilesFetch {
  const options = resolveOptions(clientOptions);
  const { logger } = options;
  // Auth last: it wins over a default header of the same name, as it must.
  const headers = {
    ...defaultRequestHeaders(options.defaultHeaders),
    authorization: `Bearer ${options.apiKey}`,
  };
  const userFetch = options.fetch;
  const sendJSON = jsonFetch(isNode());
  const client = createClient<paths>({
    baseUrl: options.baseURL,
    headers,
    Request: PlainRequest as unknown as typeof Request,
    // Built once here rather than on every call (the API takes no query parameters today).
    querySerializer: createQuerySerializer(),
    // A caller's fetch gets a real Request as before; without one, Node sends over `node:http` and other runtimes
    // use the global fetch, looked up at call time so a polyfill installed later is honoured.
    fetch: (request: Request) => {
      const plain = request as unknown as PlainRequest;
      return userFetch ? userFetch(plain.toRequest()) : sendJSON(plain);
    },
  });
  // Middleware makes openapi-fetch do work on every call (ids, frozen option objects, awaits): only for logs.
  if (options.logLevel === 'debug') client.use(loggingMiddleware(logger));
  const policy = { maxRetries: options.maxRetries, maxRetryDelay: options.maxRetryDelay, logger };

  function call<Data>(
    run: (init: { signal: AbortSignal }) => Promise<FetchResult<Data>>,
    callOptions: CallOptions,
  ): Promise<CallResult<Data>> {
    const { signal, label, acceptStatus = NO_STATUS, retryable, timeout = options.timeout } = callOptions;
    const attempt = (): Promise<CallResult<Data>> => {
      const deadline = createDeadline({ signal, timeout });
      let pending: Promise<FetchResult<Data>>;
      try {
        pending = run({ signal: deadline.signal });
      } catch (error) {
        // Still through the rejection handler below, so the timer is cleared.
        pending = Promise.reject(error);
      }
      return pending.then(
        (result) => {
          deadline.dispose();
          const { response } = result;
          const requestId = readRequestId(response.headers);
          if (response.ok || acceptStatus.includes(response.status)) {
            return { data: result.data as Data, response, requestId };
          }
          throw APIError.fromResponse({
            status: response.status,
            headers: headersToRecord(response.headers),
            error: result.error,
            requestId,
          });
        },
        (error: unknown) => {
          const mapped = deadline.toError(error);
          // A failed attempt may leave a body half read: cancelling drops the connection.
          deadline.cancel();
          throw mapped;
        },
      );
    };
    // Not async: each extra promise layer is a few microtask ticks on every call.
    return withRetries({ ...policy, signal, label, retryable }, attempt);
  }

  function apiHeaders(): Record<string, string> {
    return { ...headers };
  }

  let transport: Promise<Transport> | undefined;
  function lazyTransport(): Promise<Transport> {
    transport ??= createTransport({ fetch: options.fetch, node: isNode() });
    return transport;
  }

  return { client, options, logger, call, apiHeaders, transport: lazyTransport };
}

/**
 * How JSON calls are sent without a caller's fetch: on Node through `node-http-fetch.ts`, loaded on the first call (it
 * imports `node:http`, which browsers must never load), elsewhere through the global `fetch`.
 */
function jsonFetch(node: boolean): (request: PlainRequest) => Promise<Response> {
  if (!node) return (request) => globalThis.fetch(request.url, request);
  let send: ((request: PlainRequest) => Promise<Response>) | undefined;
  let loading: Promise<(request: PlainRequest) => Promise<Response>> | undefined;
  return (request) => {
    if (send) return send(request);
    loading ??= import('./node-http-fetch.js')
      .then((module) => module.createNodeFetch())
      .then((created) => {
        send = created;
        return created;
      });
    return loading.then((load) => load(request));
  };
}

/** Copies `Headers` into a plain record with lower-case names. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}
