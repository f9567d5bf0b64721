/**
 * The service's validation state of a fine-tune file (`processing_status` on a file object). Source of every value:
 * together-typescript src/resources/files.ts (`FileResponse.processing_status`); the official description leaves
 * the field out, the overlay (openapi/files.overlay.yaml) adds it.
 */
export const ProcessingStatus = {
  PENDING: 'PENDING',
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  INVALID_FORMAT: 'INVALID_FORMAT',
} as const;

/** One of the values of {@link ProcessingStatus}. */
export type ProcessingStatus = (typeof ProcessingStatus)[keyof typeof ProcessingStatus];

const statuses: ReadonlySet<string> = new Set(Object.values(ProcessingStatus));
const finalStatuses: ReadonlySet<string> = new Set([
  ProcessingStatus.COMPLETED,
  ProcessingStatus.FAILED,
  ProcessingStatus.INVALID_FORMAT,
]);

/** True when `value` is a processing status the service knows. */
export function isProcessingStatus(value: unknown): value is ProcessingStatus {
  return typeof value === 'string' && statuses.has(value);
}

/** True when processing has ended, well or badly: polling can stop. */
export function isFinalProcessingStatus(status: ProcessingStatus): boolean {
  return finalStatuses.has(status);
}
