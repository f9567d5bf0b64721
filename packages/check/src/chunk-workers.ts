import type { Worker as NodeWorker } from 'node:worker_threads';
import type { CheckWorkerSettings, ChunkRequest, ChunkSummary } from './check-worker.js';
import { builtWorkerEntry } from './worker-entry.js';

/** A worker thread stopped or failed: the caller checks the file on its own thread instead. */
export class ChunkWorkerFailure extends Error {}

/** The built worker entry beside the running module (see {@link builtWorkerEntry}); none from the TypeScript sources. */
export function checkWorkerUrl(moduleUrl: string = import.meta.url): URL | undefined {
  return builtWorkerEntry(moduleUrl, 'check-worker');
}

/** How to start the workers. */
export interface ChunkWorkersOptions extends CheckWorkerSettings {
  /** The worker entry (see {@link checkWorkerUrl}). */
  url: URL;
  /** How many threads. */
  count: number;
}

interface Pending {
  resolve(summary: ChunkSummary): void;
  reject(error: Error): void;
}

/** A few worker threads that check chunks of lines; each chunk goes to the least busy one. */
export class ChunkWorkers {
  readonly #workers: NodeWorker[];
  readonly #pending: Map<number, Pending>[];
  #failure: ChunkWorkerFailure | undefined;

  private constructor(workers: NodeWorker[]) {
    this.#workers = workers;
    this.#pending = workers.map(() => new Map());
    workers.forEach((worker, slot) => {
      worker.on('message', (summary: ChunkSummary) => {
        const pending = this.#pending[slot]!.get(summary.index);
        this.#pending[slot]!.delete(summary.index);
        pending?.resolve(summary);
      });
      const fail = (reason: string) => this.#fail(new ChunkWorkerFailure(`check worker ${reason}`));
      worker.on('error', (error) => fail(`failed: ${error.message}`));
      worker.on('exit', (code) => fail(`exited with code ${code}`));
    });
  }

  /** Starts `count` workers (Node only: `node:worker_threads` is loaded on demand). */
  static async start(options: ChunkWorkersOptions): Promise<ChunkWorkers> {
    const { Worker } = await import('node:worker_threads');
    const settings: CheckWorkerSettings = { fineTune: options.fineTune, maxWarnings: options.maxWarnings };
    const workers = Array.from(
      { length: options.count },
      () =>
        new Worker(options.url, {
          workerData: settings,
          // A small nursery: a chunk's garbage dies young (one line's values at a time), and each thread's
          // reserved young generation counts toward the process's peak memory.
          resourceLimits: { maxYoungGenerationSizeMb: 8 },
          stdout: false,
          stderr: false,
        }),
    );
    return new ChunkWorkers(workers);
  }

  /** How many threads check chunks. */
  get count(): number {
    return this.#pending.length;
  }

  /** Sends `request` (its buffer is transferred, so unusable here until the summary brings it back). */
  check(request: ChunkRequest): Promise<ChunkSummary> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    let slot = 0;
    for (let index = 1; index < this.#workers.length; index++)
      if (this.#pending[index]!.size < this.#pending[slot]!.size) slot = index;
    return new Promise((resolve, reject) => {
      this.#pending[slot]!.set(request.index, { resolve, reject });
      this.#workers[slot]!.postMessage(request, [request.buffer]);
    });
  }

  /** Stops every thread; the process is never held open by them, even while they wind down. */
  async close(): Promise<void> {
    this.#fail(new ChunkWorkerFailure('check workers closed'));
    const workers = this.#workers.splice(0);
    for (const worker of workers) {
      worker.removeAllListeners('exit');
      worker.unref();
    }
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #fail(failure: ChunkWorkerFailure): void {
    this.#failure ??= failure;
    for (const pending of this.#pending) {
      for (const { reject } of pending.values()) reject(failure);
      pending.clear();
    }
  }
}
