import { headerRecord } from '@together-files/check/shared';
import type { paths } from '@together-files/types';
import type { Client } from 'openapi-fetch';
import openapiFetchDefault, { createQuerySerializer } from 'openapi-fetch';
import { APIError } from '../errors/api-error.js';
import { isNode } from '../runtime.js';
import { createDeadline } from './deadline.js';
import type { Logger } from './logger.js';
import { defaultRequestHeaders, loggingMiddleware, readRequestId } from './middleware.js';
import type { FetchFunction } from './node-fetch.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { RedirectPolicy } from './redirects.js';
import { type RetryOptions, withRetries } from './retry.js';
import { createTransport, type Transport } from './transport.js';

// openapi-fetch's CJS build sets `exports.default` without `__esModule`: a Node-style CJS import of it puts the whole
// module where `default` should be. The type says so, and the narrowing below picks whichever arrived. Named
// imports, not `import * as`: a namespace object would keep every export of openapi-fetch in a browser bundle.
const createClient = defaultExport(openapiFetchDefault);

function defaultExport(
  imported: typeof openapiFetchDefault | { default: typeof openapiFetchDefault },
): typeof openapiFetchDefault {
  return typeof imported === 'function' ? imported : imported.default;
}

/** What one openapi-fetch call resolves to (its union, loosened so any operation fits). */
export interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** Per-call settings of {@link FilesContext.call}. */
export interface CallOptions {
  /** Cancels the call, waits between attempts included. */
  signal?: AbortSignal | undefined;
  /** Names the call in logs, e.g. `GET /files`. */
  label: string;
  /** Statuses that count as success besides 2xx (302 for `POST /files`). */
  acceptStatus?: readonly number[];
  /** Narrows which failures are retried (the default rule is {@link isRetryable}). */
  retryable?: ((error: unknown) => boolean) | undefined;
  /** Called before each retry with the failure that caused it (see {@link RetryOptions.onRetry}). */
  onRetry?: ((error: unknown) => void) | undefined;
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
export interface FilesContext {
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
  /**
   * How redirects answered to a call to the API are followed (JSON calls, content downloads): hops the API's origin
   * issues are trusted, every hop obeys the scheme rule, and credentials and default headers stay on the API's origin.
   */
  readonly redirectPolicy: RedirectPolicy;
}

const NO_STATUS: readonly number[] = [];

/**
 * Creates the HTTP layer: resolves options (env vars included, missing key → error) and builds the openapi-fetch
 * client with the API headers (auth, user agent, defaults) set once; logging middleware only at `debug`.
 */
export function createFilesContext(clientOptions: ClientOptions = {}): FilesContext {
  const options = resolveOptions(clientOptions);
  const { logger } = options;
  // Auth last: it wins over a default header of the same name, as it must.
  const headers = {
    ...defaultRequestHeaders(options.defaultHeaders),
    authorization: `Bearer ${options.apiKey}`,
  };
  const redirectPolicy: RedirectPolicy = {
    allowHttp: options.baseURL.startsWith('http:'),
    trustedOrigin: new URL(options.baseURL).origin,
    dropOnNewOrigin: Object.keys(headers),
  };
  let transport: Promise<Transport> | undefined;
  function lazyTransport(): Promise<Transport> {
    transport ??= createTransport({
      fetch: options.fetch,
      node: isNode(),
      network: { proxy: options.proxy, httpAgent: options.httpAgent },
    });
    return transport;
  }
  const client = createClient<paths>({
    baseUrl: options.baseURL,
    headers,
    // Built once here rather than on every call (the API takes no query parameters today).
    querySerializer: createQuerySerializer(),
    // A caller's fetch replaces ours; without one, Node sends over core's one HTTP client and other runtimes use
    // the global fetch, looked up at call time so a polyfill installed later is honoured.
    fetch: options.fetch ?? jsonFetch(isNode(), lazyTransport, redirectPolicy),
  });
  // Middleware makes openapi-fetch do work on every call (ids, frozen option objects, awaits): only for logs.
  if (options.logLevel === 'debug') client.use(loggingMiddleware(logger));
  const policy = { maxRetries: options.maxRetries, maxRetryDelay: options.maxRetryDelay, logger };

  function call<Data>(
    run: (init: { signal: AbortSignal }) => Promise<FetchResult<Data>>,
    callOptions: CallOptions,
  ): Promise<CallResult<Data>> {
    const {
      signal,
      label,
      acceptStatus = NO_STATUS,
      retryable,
      onRetry,
      timeout = options.timeout,
    } = callOptions;
    return withRetries({ ...policy, signal, label, retryable, onRetry }, async () => {
      const deadline = createDeadline({ signal, timeout });
      let result: FetchResult<Data>;
      try {
        result = await run({ signal: deadline.signal });
      } catch (error) {
        // A failed attempt may leave a body half read: failing the deadline drops the connection.
        throw deadline.fail(error);
      }
      deadline.done();
      const { response } = result;
      const requestId = readRequestId(response.headers);
      if (response.ok || acceptStatus.includes(response.status)) {
        return { data: result.data as Data, response, requestId };
      }
      throw APIError.fromResponse({
        status: response.status,
        headers: headerRecord(response.headers),
        error: result.error,
        requestId,
      });
    });
  }

  function apiHeaders(): Record<string, string> {
    return { ...headers };
  }

  return { client, options, logger, call, apiHeaders, transport: lazyTransport, redirectPolicy };
}

/**
 * How JSON calls are sent without a caller's fetch: on Node through `node-fetch.ts` over the shared transport, both
 * loaded on the first call (they import `node:http`, which browsers must never load), elsewhere the global `fetch`.
 */
function jsonFetch(
  node: boolean,
  transport: () => Promise<Transport>,
  policy: RedirectPolicy,
): FetchFunction {
  // The web build folds this to the global fetch, and node-fetch.ts is not even a chunk of it.
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !node) {
    return (request) => globalThis.fetch(request);
  } else {
    return nodeJsonFetch(transport, policy);
  }
}

/** JSON calls over core's Node HTTP client, loaded on the first call. */
function nodeJsonFetch(transport: () => Promise<Transport>, policy: RedirectPolicy): FetchFunction {
  let send: FetchFunction | undefined;
  let loading: Promise<FetchFunction> | undefined;
  return (request) => {
    if (send) return send(request);
    loading ??= Promise.all([import('./node-fetch.js'), transport()])
      .then(([module, created]) => module.createNodeFetch(created, policy))
      .then((created) => {
        send = created;
        return created;
      });
    return loading.then((load) => load(request));
  };
}

/** @deprecated Renamed {@link FilesContext}: it is the clients' context, not a fetch. */
export type FilesFetch = FilesContext;

/** @deprecated Renamed {@link createFilesContext}. */
export const createFilesFetch: typeof createFilesContext = createFilesContext;
