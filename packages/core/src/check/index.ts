export { checkFile, MAX_FILE_BYTES } from './check-file.js';
export { PARQUET_ALLOWED_COLUMNS } from './check-parquet.js';
export { checkFineTuneSample, FORMAT_KEYS, MESSAGE_ROLES } from './fine-tune-format.js';
export { lineSegments } from './line-segments.js';
export type { CheckFailure, CheckOptions, CheckReport, DatasetFormat } from './report.js';
export { findInvalidUtf8 } from './utf8.js';
