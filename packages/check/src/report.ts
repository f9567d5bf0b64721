import type { UploadableFileType, UploadablePurpose } from '@together-files/enums';

/** Which rule a failed check broke; `undefined` on a passing report. */
export type CheckFailure =
  | 'found'
  | 'file_size'
  | 'filetype'
  | 'purpose'
  | 'utf8'
  | 'load_json'
  | 'line_type'
  | 'text_field'
  | 'key_value'
  | 'has_min_samples'
  | 'load_csv'
  | 'load_parquet';

/** The dataset formats a fine-tune JSONL may use; all lines of a file use the same one. */
export type DatasetFormat = 'general' | 'conversation' | 'instruction' | 'preference';

/**
 * The report of the local file check, with the snake_case field names users know from the official SDKs.
 * A field is `null` when the check never got that far.
 */
export interface CheckReport {
  /** True when the file may be uploaded. */
  is_check_passed: boolean;
  /** One sentence: "Checks passed", or what failed and where (starting with `Line N:` when it has a line). */
  message: string;
  /** The path exists and is a regular file (always true for bytes and Blobs). */
  found: boolean;
  /** Size in bytes, once known. */
  file_size: number | null;
  /** The whole file is valid UTF-8 (JSONL and CSV). */
  utf8: boolean | null;
  /** Every JSONL line is a JSON object. */
  line_type: boolean | null;
  /** Every sample has the fields of its dataset format (deep fine-tune check). */
  text_field: boolean | null;
  /** Every field holds a value of the right kind (deep fine-tune check). */
  key_value: boolean | null;
  /** The file has at least the minimum number of samples (1). */
  has_min_samples: boolean | null;
  /** Lines (JSONL), data rows (CSV) or rows (Parquet). */
  num_samples: number | null;
  /** Every JSONL line parses as JSON. */
  load_json: boolean | null;
  /** The CSV has a header and every row its column count. */
  load_csv: boolean | null;
  /** The Parquet file opens and has the allowed columns. */
  load_parquet: boolean | null;
  /** The file type taken from the name. */
  filetype: UploadableFileType | null;
  /** The dataset format found by the deep check of a fine-tune JSONL. */
  dataset_format?: DatasetFormat;
  /** 1-based line (or row) of the first failure, when the failure has one. */
  line_number?: number;
  /** The rule that failed. */
  failed_check?: CheckFailure;
}

/** What a check needs to know besides the bytes. */
export interface CheckOptions {
  /** The purpose the file is for; decides the allowed types and whether the fine-tune format rules apply. Default `fine-tune`. */
  purpose?: UploadablePurpose;
  /** The name whose extension decides the type (default: the path's base name, or the File's name). */
  filename?: string;
  /** Force a type instead of reading the extension (the server checks blobs stored without a name). */
  fileType?: UploadableFileType;
  /** Stops reading. */
  signal?: AbortSignal;
}
