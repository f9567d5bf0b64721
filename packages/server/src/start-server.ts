import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { FaultPlan } from './faults.js';
import { answerClientError, type Exchange } from './http/client-error.js';
import { RequestLog } from './http/request-log.js';
import { parsePublicUrl, storageOriginFor } from './http/storage-origin.js';
import { UrlSigner } from './presign.js';
import { ProcessingQueue } from './processing-queue.js';
import { createRequestHandler } from './request-handler.js';
import type { ServerServices } from './route-context.js';
import { UNFINISHED_UPLOAD_GRACE } from './routes/multipart.js';
import { loadSigningKey } from './signing-key.js';
import { startUploadSweeper } from './store/expire-uploads.js';
import { FileStore } from './store/file-store.js';
import { MultipartSessions } from './store/multipart-sessions.js';
import { UploadSessions } from './store/upload-sessions.js';
import { createTempDataDir } from './temp-data-dir.js';
import type { ServerHandle, StartServerOptions } from './types.js';

/** How long presigned storage URLs stay valid by default: an hour, in seconds. */
export const DEFAULT_PRESIGN_TTL = 3600;

/** The host of URLs for a listening address: loopback stands in for "every interface". */
function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/**
 * Starts a local Files API server: `/v1` as in the spec, presigned storage URLs under `/storage`, fault
 * injection and a request log under `/_admin`. Files live in `dataDir` (a fresh temp folder by default).
 */
export async function startServer(options: StartServerOptions = {}): Promise<ServerHandle> {
  const publicUrl = options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ? resolve(options.dataDir) : await createTempDataDir();
  const store = await FileStore.open(dataDir);
  const multipart = await MultipartSessions.open(dataDir, {
    tempDir: store.tempDir,
    isCompleted: (fileId) => store.get(fileId) !== undefined,
  });
  const secret = await loadSigningKey(dataDir, store.tempDir);
  const ttlSeconds = options.presignTTL ?? options.uploadUrlTtlSeconds ?? DEFAULT_PRESIGN_TTL;
  const faults = new FaultPlan();
  faults.add(...(options.faults ?? []));
  const requestLog = new RequestLog();
  const processing = new ProcessingQueue(store, options.validation);
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const server = createServer();
  // Large uploads may take long; a stalled client is cut off by the socket timeout below instead.
  server.requestTimeout = 0;
  server.timeout = 5 * 60 * 1000;
  // Requests Node's parser refuses (a body cut short by the end of the connection) get an ErrorData answer too,
  // unless an answer is under way on that connection.
  const exchanges = new WeakMap<Duplex, Exchange>();
  server.on('clientError', (error, socket) => answerClientError(error, socket, exchanges.get(socket)));
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (error) {
    // A port in use (EADDRINUSE) must not leave the fresh temp folder behind.
    await store.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address)}:${address.port}`;
  const unfinishedUploadGrace = options.unfinishedUploadGrace ?? UNFINISHED_UPLOAD_GRACE;
  const uploads = new UploadSessions(multipart);
  const stopSweeper = startUploadSweeper(uploads, { lifetimeSeconds: ttlSeconds + unfinishedUploadGrace });
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const services: ServerServices = {
    store,
    uploads,
    unfinishedUploadGrace,
    signer: new UrlSigner({ origin: url, ttlSeconds, secret }),
    storageOrigin: storageOriginFor({
      listenUrl: url,
      wildcard,
      ...(publicUrl !== undefined && { publicUrl }),
    }),
    processing,
    faults,
    requestLog,
    closing: shutdown.signal,
  };
  const handle = createRequestHandler(services, {
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    recordHeaders: options.recordHeaders === true,
  });
  server.on('request', (request, response) => {
    exchanges.set(request.socket, { request, response });
    const running = handle(request, response);
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  });
  processing.resume();

  let closing: Promise<void> | undefined;
  return {
    url,
    baseURL: `${url}/v1`,
    dataDir,
    faults: { add: (...added) => faults.add(...added), clear: () => faults.clear() },
    requests: requestLog.entries,
    clearRequests: () => requestLog.clear(),
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        stopSweeper();
        shutdown.abort();
        server.closeAllConnections();
        await stopped;
        // Handlers end fast once their connections are gone; waiting for them means no write lands after close().
        await Promise.allSettled(inFlight);
        await processing.close();
        await multipart.settle();
        await store.close();
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
