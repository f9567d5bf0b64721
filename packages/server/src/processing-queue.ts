import { isFinalProcessingStatus, type UploadableFileType } from '@together-files/enums';
import type { FileStore } from './store/file-store.js';
import { type ValidationLimits, validateDataset } from './validate-dataset.js';

/**
 * Runs the validation of fine-tune files one after another, off the request path and in a worker thread within
 * limits: a file goes `QUEUED` → `RUNNING` → `COMPLETED` / `INVALID_FORMAT` / `FAILED`, each step saved, so clients
 * can poll for it.
 */
export class ProcessingQueue {
  private readonly store: FileStore;
  private readonly limits: ValidationLimits;
  private readonly controller = new AbortController();
  private tail: Promise<void> = Promise.resolve();

  constructor(store: FileStore, limits: ValidationLimits = {}) {
    this.store = store;
    this.limits = limits;
  }

  /** Queues the validation of a completed file (already saved as `QUEUED`). */
  enqueue(id: string): void {
    this.tail = this.tail.then(() => this.run(id)).catch(() => {});
  }

  /**
   * Queues every file a restart left `QUEUED`. A file left `RUNNING` was being validated when the process died
   * (close() puts its file back to `QUEUED`): validating it again could kill the process again, and again at every
   * start, so it fails with a report instead and is never run again (issue 13, item 1).
   */
  resume(): void {
    for (const file of this.store.list()) {
      if (file.processing_status === 'RUNNING') {
        void this.store
          .update(file.id, (current) => ({
            ...current,
            processing_status: 'FAILED',
            validation_report: {
              valid: false,
              file_id: file.id,
              error:
                'Validation failed: the server stopped while it validated this file; it is not validated again. Upload the file again to retry.',
            },
          }))
          .catch(() => {});
      } else if (file.processing_status && !isFinalProcessingStatus(file.processing_status))
        this.enqueue(file.id);
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
      limits: this.limits,
    }).catch(() => undefined);
    // A validation cut short by close() goes back to QUEUED, and is run again on the next start.
    if (outcome === undefined || this.controller.signal.aborted) {
      await this.store.update(id, (file) => ({ ...file, processing_status: 'QUEUED' })).catch(() => {});
      return;
    }
    await this.store.update(id, (file) => ({ ...file, ...outcome }));
  }

  /** Stops the running validation and waits for the queue to drain. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.tail;
  }
}
