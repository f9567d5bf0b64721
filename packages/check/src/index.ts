export type { CheckProblem } from './build-report.js';
export { checkFile } from './check-file.js';
export { PARQUET_ALLOWED_COLUMNS } from './check-parquet.js';
export { type CheckStreamOptions, checkStream } from './check-stream.js';
export {
  checkFineTuneSample,
  FORMAT_KEYS,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_SAMPLE,
  MESSAGE_ROLES,
  type SampleVerdict,
} from './fine-tune-format.js';
export { headerRecord } from './headers.js';
export { MAX_FILE_SIZE } from './limits.js';
export { lineSegments } from './line-segments.js';
export type { CheckFailure, CheckOptions, CheckReport, DatasetFormat } from './report.js';
export { baseName, isNode } from './runtime.js';
export { builtWorkerEntry } from './worker-entry.js';
