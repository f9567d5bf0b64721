import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createFilesContext, type FilesContext } from '../src/http/create-files-context.js';
import type { ClientOptions } from '../src/http/options.js';

/** A request as the server received it, body read whole. */
export interface RecordedRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Answers one request; the body has been read already. */
export type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/** A loopback HTTP server for core's tests: each test sets how it answers and reads what it was sent. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>`, once the server listens (in `beforeAll`). */
  readonly origin: string;
  /** What the server received since the last {@link RecordingServer.clear}, in order. */
  readonly seen: RecordedRequest[];
  /** How the server answers (default: an empty 200). */
  handler: Handler;
  /** Forgets what was received. */
  clear(): void;
  /** The HTTP layer pointed at this server's `/v1`: a test key, no logs, retries 1 ms apart; `options` win. */
  filesFetch(options?: ClientOptions): FilesContext;
}

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

/** Starts a {@link RecordingServer} before the file's tests and closes it, connections included, after them. */
export function useRecordingServer(): RecordingServer {
  const state: RecordingServer = {
    origin: '',
    seen: [],
    handler: (_request, _body, response) => response.end(),
    clear() {
      state.seen.length = 0;
    },
    filesFetch: (options = {}) =>
      createFilesContext({
        apiKey: 'sk-unit-key',
        baseURL: `${state.origin}/v1`,
        maxRetryDelay: 1,
        logger: quiet,
        ...options,
      }),
  };
  beforeAll(async () => {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        state.seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        state.handler(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    (state as { origin: string }).origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });
  });
  return state;
}
