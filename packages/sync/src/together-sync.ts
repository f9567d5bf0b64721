import { createLogger, type LogLevel } from '@together-files/core';
import { resolveSyncSettings, type TogetherSyncOptions } from './options.js';
import { SyncFiles } from './sync-files.js';
import { workerEntry } from './worker-entry.js';
import { WorkerHost } from './worker-host.js';

/**
 * The blocking and callback client of Together's Files API: the methods of `Together`, run by a promise client in
 * one worker thread. The worker starts on the first call and never keeps the process alive on its own; `close()`
 * ends it. Options are checked here, with the same errors as `Together`.
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
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.#host.closed;
  }

  /** Ends the worker. Callback calls still in flight get an `APIUserAbortError`; later calls throw. Idempotent. */
  close(): void {
    this.#host.close();
  }
}
