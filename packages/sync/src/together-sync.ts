import { createLogger, type LogLevel } from '@together-files/core';
import { resolveSyncSettings, type TogetherSyncOptions } from './options.js';
import { SyncFiles } from './sync-files.js';
import { workerEntry } from './worker-entry.js';
import { WorkerHost } from './worker-host.js';

/**
 * Ends the worker of a client nobody can reach any more (issue 13): a client dropped without `close()` would
 * otherwise keep its thread, and its memory, until the process ends. One registry serves every client, as a
 * registry must outlive what it watches; it holds the host, never the client.
 */
const unreachableClients = new FinalizationRegistry<WorkerHost>((host) => host.close());

/**
 * The blocking and callback client of Together's Files API: the methods of `Together`, run by a promise client in
 * one worker thread. The worker starts on the first call and never keeps the process alive on its own; `close()`
 * ends it, and so does garbage collection once neither the client nor its `files` can be reached. Options are
 * checked here, with the same errors as `Together`.
 */
export class TogetherSync {
  /** Upload, list, retrieve, download, delete and check files: blocking, or with a `(error, value)` callback. */
  readonly files: SyncFiles;
  /** The API base URL in use. */
  readonly baseURL: string;
  readonly #host: WorkerHost;

  constructor(options: TogetherSyncOptions = {}) {
    const settings = resolveSyncSettings(options);
    this.#host = new WorkerHost({ entry: workerEntry(), workerOptions: settings.workerOptions });
    const secrets = [settings.workerOptions.apiKey as string];
    const logger = createLogger({ level: settings.logLevel as LogLevel, secrets });
    this.files = new SyncFiles({ host: this.#host, settings, logger });
    this.baseURL = settings.workerOptions.baseURL as string;
    // Watched through `files`: the client holds it, so it goes last (`const { files } = new TogetherSync()` works).
    unreachableClients.register(this.files, this.#host, this.files);
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#host.closed;
  }

  /** Ends the worker. Callback calls still in flight get an `APIUserAbortError`; later calls throw. Idempotent. */
  close(): void {
    unreachableClients.unregister(this.files);
    this.#host.close();
  }
}
