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
  | 'load_parquet'
  | 'line_length';

/**
 * Which semantic rule a warning is about. Warnings do not block an upload (unless `check: 'strict'`): the service
 * validates datasets itself and reports them in the file's `processing_status` and `validation_report`.
 */
export type CheckWarningRule =
  /** No dataset format matches the keys, or more than one does. */
  | 'format'
  /** The line's format differs from the file's (the format of its first line that has one). */
  | 'format_mismatch'
  /** A key that the line's format does not take. */
  | 'extra_key'
  /** The message list: its type, emptiness, message objects, the `role` key. */
  | 'messages'
  /** A role outside system, user, assistant, tool; or two consecutive messages with the same role. */
  | 'role'
  /** A conversation for fine-tuning without an assistant message. */
  | 'assistant'
  /** A message's content: a string, or a list of text and image parts; not a mix of both kinds in one sample. */
  | 'content'
  /** A message weight other than 0 or 1, or a non-zero weight on a message with images. */
  | 'weight'
  /** An image: only in user messages, a base64 data URL of a jpeg, png or webp, at most 10 per sample and 10 MiB. */
  | 'image'
  /** The preference format: `input.messages`, and one assistant message in each output. */
  | 'preference'
  /** The `tools` of a conversation: a list. */
  | 'tools'
  /** A number JSON does not have (NaN, Infinity): Python's reader takes it, others do not. */
  | 'json_number';

/** A semantic finding on one line: it does not block an upload unless the upload is strict. */
export interface CheckWarning {
  /** 1-based line (JSONL). */
  line: number;
  /** The rule. */
  rule: CheckWarningRule;
  /** One sentence, starting with `Line N:`. */
  message: string;
}

/** The dataset formats a fine-tune JSONL may use; all lines of a file use the same one. */
export type DatasetFormat = 'general' | 'conversation' | 'instruction' | 'preference';

/**
 * The report of the local file check, with the snake_case field names users know from the official SDKs.
 * A field is `null` when the check never got that far. Two levels: a structural error (the rules of the newest
 * official check, together-py v2) fails the check and blocks an upload; a semantic finding is a warning.
 */
export interface CheckReport {
  /** True when no structural rule failed: the file may be uploaded (warnings aside). */
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
  /** No line has a warning about its format or keys (fine-tune JSONL); `false` is a warning, not a failure. */
  text_field: boolean | null;
  /** No line has a warning about its values (fine-tune JSONL); `false` is a warning, not a failure. */
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
  /** The dataset format of a fine-tune JSONL: that of its first line with one. */
  dataset_format?: DatasetFormat;
  /** The semantic findings, in line order: at most `maxWarnings` of them (default 100); see `warning_count`. */
  warnings: CheckWarning[];
  /** How many lines have a warning, all of them (the list above is capped). */
  warning_count: number;
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
  /** At most this many warnings are listed in the report (default 100); `warning_count` counts them all. */
  maxWarnings?: number;
  /**
   * Receives every byte of the file, in order, exactly once, as the check reads it (an upload feeds its sha256 with
   * it, so the file is read once for both). For a Parquet file, whose check reads only the footer, the check reads
   * the rest for it. Not called past a structural error, where the check stops early. A chunk is valid only during
   * the call.
   */
  onBytes?: (chunk: Uint8Array) => void;
  /** The check reads the file again from its start (a worker thread failed): forget what `onBytes` received. */
  onBytesRestart?: () => void;
}
