import type { paths } from '@together-files/types';
import type { Client } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import { APIError } from '../errors/api-error.js';
import { isNode } from '../runtime.js';
import { createTransport, type Transport } from '../transfer/transport.js';
import { createDeadline } from './deadline.js';
import type { Logger } from './logger.js';
import {
  authMiddleware,
  defaultRequestHeaders,
  headersMiddleware,
  loggingMiddleware,
  readRequestId,
} from './middleware.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { withRetries } from './retry.js';

// openapi-fetch's CJS build sets `exports.default`; a Node-style CJS import of it puts that one level deeper.
const createClient: typeof openapiFetch.default =
  (openapiFetch.default as unknown as { default?: typeof openapiFetch.default }).default ??
  openapiFetch.default;

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

/**
 * Creates the HTTP layer: resolves options (env vars included, missing key → error), builds the openapi-fetch
 * client and registers the middleware objects in order (auth, headers, logging).
 */
export function createFilesFetch(clientOptions: ClientOptions = {}): FilesFetch {
  const options = resolveOptions(clientOptions);
  const { logger } = options;
  const client = createClient<paths>({
    baseUrl: options.baseURL,
    // Resolved at call time so a test or polyfill that swaps globalThis.fetch later is honoured.
    fetch: (request: Request) => (options.fetch ?? globalThis.fetch)(request),
  });
  const headers = defaultRequestHeaders(options.defaultHeaders);
  client.use(headersMiddleware(headers), authMiddleware(options.apiKey), loggingMiddleware(logger));

  async function call<Data>(
    run: (init: { signal: AbortSignal }) => Promise<FetchResult<Data>>,
    callOptions: CallOptions,
  ): Promise<CallResult<Data>> {
    const { signal, label, acceptStatus = [], retryable, timeout = options.timeout } = callOptions;
    const policy = { maxRetries: options.maxRetries, maxRetryDelay: options.maxRetryDelay };
    return withRetries({ ...policy, signal, logger, label, retryable }, async () => {
      const deadline = createDeadline({ signal, timeout });
      let result: FetchResult<Data>;
      try {
        result = await run({ signal: deadline.signal });
      } catch (error) {
        throw deadline.toError(error);
      } finally {
        deadline.dispose();
      }
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
    });
  }

  function apiHeaders(): Record<string, string> {
    return { ...headers, authorization: `Bearer ${options.apiKey}` };
  }

  let transport: Promise<Transport> | undefined;
  function lazyTransport(): Promise<Transport> {
    transport ??= createTransport({ fetch: options.fetch, node: isNode() });
    return transport;
  }

  return { client, options, logger, call, apiHeaders, transport: lazyTransport };
}

/** Copies `Headers` into a plain record with lower-case names. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}
