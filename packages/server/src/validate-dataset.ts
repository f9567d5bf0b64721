import type { Worker as NodeWorker } from 'node:worker_threads';
import type { CheckReport } from '@together-files/check';
import type { UploadableFileType } from '@together-files/enums';
import type { ProcessingStatus, ValidationReport } from '@together-files/types';
import type { ValidateWorkerData } from './validate-worker.js';
import { validationWorkerEntry } from './validation-worker-entry.js';

/** The outcome of the server-side validation of a fine-tune file, as its file object carries it. */
export interface DatasetValidation {
  processing_status: ProcessingStatus;
  validation_report: ValidationReport;
}

/** The bounds one validation runs within. */
export interface ValidationLimits {
  /** The validating thread's heap, in MB (default 512). */
  memoryMb?: number;
  /** How long one validation may take, in milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

/** The default bounds: enough for any dataset the check's own limits let through, far below a server's memory. */
export const DEFAULT_VALIDATION_LIMITS: Required<ValidationLimits> = {
  memoryMb: 512,
  timeoutMs: 10 * 60_000,
};

/** What to validate. */
export interface ValidateDatasetOptions {
  fileId: string;
  fileType: UploadableFileType;
  signal?: AbortSignal;
  limits?: ValidationLimits;
  /** The worker entry (default: the built one, see {@link validationWorkerEntry}). */
  workerUrl?: URL;
}

/**
 * Validates a stored fine-tune file as the service does, with the SDK's check (`@together-files/check`) in a worker
 * thread with a heap limit and a time limit, off the request path: `COMPLETED` when the file passes clean;
 * `INVALID_FORMAT` when a structural rule fails or a semantic rule finds something (the service validates the format
 * itself: what the SDK only warns about, it refuses), with the first finding as `error`; `FAILED` when the
 * validation could not finish within its limits or broke. Rejects only when `signal` aborts.
 */
export async function validateDataset(
  source: string | string[],
  options: ValidateDatasetOptions,
): Promise<DatasetValidation> {
  const limits = { ...DEFAULT_VALIDATION_LIMITS, ...options.limits };
  const outcome = await checkInWorker(source, options, limits);
  const details = { file_id: options.fileId };
  if ('failure' in outcome)
    return {
      processing_status: 'FAILED',
      validation_report: { valid: false, ...details, error: `Validation failed: ${outcome.failure}` },
    };
  const { report } = outcome;
  const found = {
    ...details,
    ...(report.num_samples !== null && { nlines: report.num_samples }),
    ...(report.dataset_format && { dataset_format: report.dataset_format }),
  };
  if (report.is_check_passed && report.warning_count === 0)
    return { processing_status: 'COMPLETED', validation_report: { valid: true, ...found } };
  const first = report.is_check_passed ? report.warnings[0]?.message : report.message;
  const more = report.warning_count - (report.is_check_passed ? 1 : 0);
  return {
    processing_status: 'INVALID_FORMAT',
    validation_report: {
      valid: false,
      ...found,
      error:
        more > 0 ? `${first} (and ${more} more finding${more === 1 ? '' : 's'})` : (first ?? report.message),
      error_type: 'INVALID_FORMAT',
    },
  };
}

type WorkerOutcome = { report: CheckReport } | { failure: string };

async function checkInWorker(
  source: string | string[],
  options: ValidateDatasetOptions,
  limits: Required<ValidationLimits>,
): Promise<WorkerOutcome> {
  const [{ Worker }, { existsSync }, { fileURLToPath }] = await Promise.all([
    import('node:worker_threads'),
    import('node:fs'),
    import('node:url'),
  ]);
  const url = options.workerUrl ?? validationWorkerEntry();
  if (!existsSync(fileURLToPath(url)))
    return { failure: `the validation worker ${url.pathname} is not built` };
  options.signal?.throwIfAborted();
  const data: ValidateWorkerData = { source, fileType: options.fileType };
  const worker: NodeWorker = new Worker(url, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 },
    stdout: false,
    stderr: false,
  });
  return new Promise<WorkerOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: WorkerOutcome | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ failure: `it took longer than ${limits.timeoutMs} ms; the limit stopped it` }),
      limits.timeoutMs,
    );
    const onAbort = () => finish(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: { report?: CheckReport; error?: string }) =>
      finish(message.report ? { report: message.report } : { failure: message.error ?? 'no report' }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      finish({
        failure:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `it needed more than ${limits.memoryMb} MB of memory; the limit stopped it`
            : error.message,
      }),
    );
    worker.on('exit', (code) => finish({ failure: `the validation worker exited with code ${code}` }));
  });
}
