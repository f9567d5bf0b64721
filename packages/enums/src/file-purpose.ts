// Sources: "upstream" is the official description, openapi/upstream/files.yaml (`FilePurpose`, from
// togethercomputer/openapi); "seed" is the seed document of this project, which names two purposes the service's
// description does not.

/** Every purpose the Files API knows: the ones users upload and the labels the platform sets on its own files. */
export const FilePurpose = {
  /** upstream; together-typescript src/resources/files.ts and together-python src/together/types/files.py too. */
  FINE_TUNE: 'fine-tune',
  /** upstream; together-typescript src/resources/files.ts and together-python src/together/types/files.py too. */
  EVAL: 'eval',
  /** upstream: a label the platform sets on evaluation samples. */
  EVAL_SAMPLE: 'eval-sample',
  /** upstream; together-python src/together/types/files.py too. */
  EVAL_OUTPUT: 'eval-output',
  /** upstream: a label the platform sets on evaluation summaries. */
  EVAL_SUMMARY: 'eval-summary',
  /** upstream: a label the platform sets on the output of batch jobs. */
  BATCH_GENERATED: 'batch-generated',
  /** upstream; together-typescript src/resources/files.ts and together-python src/together/types/files.py too. */
  BATCH_API: 'batch-api',
  /** seed only: no official source names it, and the service's description does not list it. */
  ASSISTANTS: 'assistants',
  /** seed only: no official source names it, and the service's description does not list it. */
  VISION: 'vision',
} as const;

/** One of the values of {@link FilePurpose}. */
export type FilePurpose = (typeof FilePurpose)[keyof typeof FilePurpose];

/** The purposes only the seed document names; every other one is in the official description. */
export const SEED_ONLY_PURPOSES = [FilePurpose.ASSISTANTS, FilePurpose.VISION] as const;

/** A purpose the official description lists (every {@link FilePurpose} but the seed's). */
export type ServicePurpose = Exclude<FilePurpose, (typeof SEED_ONLY_PURPOSES)[number]>;

const purposes: ReadonlySet<string> = new Set(Object.values(FilePurpose));
const seedOnly: ReadonlySet<string> = new Set(SEED_ONLY_PURPOSES);

/** True when `value` is a purpose the service knows. */
export function isFilePurpose(value: unknown): value is FilePurpose {
  return typeof value === 'string' && purposes.has(value);
}

/** True when `value` is a purpose the official description lists, so `POST /files/upload` takes it. */
export function isServicePurpose(value: unknown): value is ServicePurpose {
  return isFilePurpose(value) && !seedOnly.has(value);
}
