import type { CheckReport } from '@together-files/check';
import { TogetherError } from './together-error.js';

/** The local check found a problem before anything was sent; `report` says what and where. */
export class FileCheckError extends TogetherError {
  static override readonly errorName: string = 'FileCheckError';

  /** The full report of the check. */
  readonly report: CheckReport;

  constructor(options: { report: CheckReport; message?: string }) {
    const { report } = options;
    // The report's message already starts with "Line N:" when the failure has a line.
    super(options.message ?? `File check failed: ${report.message}`);
    this.report = report;
  }
}

/**
 * The steps of an upload, in order: `create` (POST /files), `put` (bytes to storage), `preprocess`;
 * or, for multipart, `initiate`, `part`, `complete`.
 */
export type UploadStep = 'create' | 'put' | 'preprocess' | 'initiate' | 'part' | 'complete';

/** An upload failed after it started; `step` says where, `cause` holds the underlying error. */
export class UploadError extends TogetherError {
  static override readonly errorName: string = 'UploadError';

  /** The step that failed. */
  readonly step: UploadStep;

  constructor(options: { step: UploadStep; message?: string; cause?: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : undefined;
    super(options.message ?? `Upload failed at step "${options.step}"${reason ? `: ${reason}` : ''}`, {
      cause: options.cause,
    });
    this.step = options.step;
  }
}
