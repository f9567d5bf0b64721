/** Every purpose the Files API knows: the ones users upload and the labels the platform sets on its own files. */
export const FilePurpose = {
  FINE_TUNE: 'fine-tune',
  EVAL: 'eval',
  EVAL_SAMPLE: 'eval-sample',
  EVAL_OUTPUT: 'eval-output',
  EVAL_SUMMARY: 'eval-summary',
  BATCH_GENERATED: 'batch-generated',
  BATCH_API: 'batch-api',
  ASSISTANTS: 'assistants',
  VISION: 'vision',
} as const;

/** One of the values of {@link FilePurpose}. */
export type FilePurpose = (typeof FilePurpose)[keyof typeof FilePurpose];

const purposes: ReadonlySet<string> = new Set(Object.values(FilePurpose));

/** True when `value` is a purpose the service knows. */
export function isFilePurpose(value: unknown): value is FilePurpose {
  return typeof value === 'string' && purposes.has(value);
}
