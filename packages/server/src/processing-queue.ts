import { isFinalProcessingStatus, type UploadableFileType } from '@together-files/enums';
import type { FileStore } from './store/file-store.js';
import { validateDataset } from './validate-dataset.js';

/**
 * Runs the validation of fine-tune files one after another, off the request path: a file goes `QUEUED` →
 * `RUNNING` → `COMPLETED` / `INVALID_FORMAT` / `FAILED`, each step saved, so clients can poll for it.
 */
export class ProcessingQueue {
  private readonly store: FileStore;
  private readonly controller = new AbortController();
  private tail: Promise<void> = Promise.resolve();

  constructor(store: FileStore) {
    this.store = store;
  }

  /** Queues the validation of a completed file (already saved as `QUEUED`). */
  enqueue(id: string): void {
    this.tail = this.tail.then(() => this.run(id)).catch(() => {});
  }

  /** Queues every file a crash or restart left unvalidated. */
  resume(): void {
    for (const file of this.store.list()) {
      if (file.processing_status && !isFinalProcessingStatus(file.processing_status)) this.enqueue(file.id);
    }
  }

  private async run(id: string): Promise<void> {
    if (this.controller.signal.aborted) return;
    const running = await this.store.update(id, (file) => ({ ...file, processing_status: 'RUNNING' }));
    if (!running) return;
    // A file deleted meanwhile has no bytes to read; its metadata is gone too, so there is nothing to save.
    const source = await this.store.source(id).catch(() => undefined);
    if (!source) return;
    const outcome = await validateDataset(source, {
      fileId: id,
      fileType: running.FileType as UploadableFileType,
      signal: this.controller.signal,
    });
    // A validation cut short by close() stays RUNNING on disk and is run again on the next start.
    if (this.controller.signal.aborted) return;
    await this.store.update(id, (file) => ({ ...file, ...outcome }));
  }

  /** Stops the running validation and waits for the queue to drain. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.tail;
  }
}
