import {
  FILE_TYPES_BY_PURPOSE,
  fileTypeFromName,
  isUploadablePurpose,
  UPLOADABLE_FILE_TYPES,
  UPLOADABLE_PURPOSES,
  type UploadableFileType,
} from '@together-files/enums';
import { type CheckProblem, emptyReport, errorMessage, failReport, passReport } from './build-report.js';
import { type ByteSource, openByteSource } from './byte-source.js';
import { checkCsv } from './check-csv.js';
import { checkJsonl, type JsonlResult } from './check-jsonl.js';
import { checkParquet } from './check-parquet.js';
import { MAX_FILE_SIZE, PARALLEL_MIN_BYTES } from './limits.js';
import type { CheckOptions, CheckReport } from './report.js';

/**
 * Checks a file before upload, streamed in constant memory: a path (Node), a `Blob`/`File`, or bytes.
 * Never throws for a bad file: the report says what failed (and on which line). Throws only when `signal` aborts.
 */
export async function checkFile(
  file: string | Blob | Uint8Array,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const { signal } = options;
  signal?.throwIfAborted();
  const report = emptyReport();
  const opened = await openByteSource(file);
  if (opened.problem !== undefined) return failReport(report, opened.problem);
  const source = opened.source;
  try {
    report.found = true;
    report.file_size = source.size;
    const problem =
      sizeProblem(source.size) ?? checkTypeAndPurpose(report, options.filename ?? source.name, options);
    if (problem !== undefined) return failReport(report, problem);
    return await checkContent(report, source, options);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return failReport(report, readProblem(report, 'file', error));
  } finally {
    await source.close();
  }
}

/** The size rule: not empty, at most {@link MAX_FILE_SIZE}. */
export function sizeProblem(size: number): CheckProblem | undefined {
  if (size === 0) return { check: 'file_size', message: 'File is empty' };
  if (size > MAX_FILE_SIZE) {
    const gib = (size / 2 ** 30).toFixed(1);
    return { check: 'file_size', message: `File is too large: ${gib} GiB; the maximum is 50.1 GiB` };
  }
  return undefined;
}

/** Sets `report.filetype` from `options.fileType` or the name's extension; the type must suit the purpose. */
export function checkTypeAndPurpose(
  report: CheckReport,
  name: string | undefined,
  options: CheckOptions,
): CheckProblem | undefined {
  const fileType: string | undefined =
    options.fileType ?? (name === undefined ? 'jsonl' : fileTypeFromName(name));
  const supported = UPLOADABLE_FILE_TYPES.join(', ');
  if (fileType === undefined || !(UPLOADABLE_FILE_TYPES as readonly string[]).includes(fileType)) {
    const what = options.fileType !== undefined ? ` "${options.fileType}"` : ` for "${name}"`;
    return {
      check: 'filetype',
      message: `Unsupported file type${what}: the supported types are ${supported} (by extension .jsonl, .parquet, .csv)`,
    };
  }
  report.filetype = fileType as UploadableFileType;
  const purpose: string = options.purpose ?? 'fine-tune';
  if (!isUploadablePurpose(purpose))
    return {
      check: 'purpose',
      message: `Unknown purpose "${purpose}": the allowed purposes are ${UPLOADABLE_PURPOSES.join(', ')}`,
    };
  const allowed = FILE_TYPES_BY_PURPOSE[purpose];
  if (!allowed.includes(report.filetype))
    return {
      check: 'purpose',
      message: `A ${fileType} file cannot be used for purpose ${purpose}: it takes ${allowed.join(', ')}`,
    };
  return undefined;
}

/**
 * A read error, reported for what was read (`file`, `stream`). It is not a verdict on the content, but the caller
 * still gets a report, never a throw; it counts against the loading step of the file's type.
 */
export function readProblem(report: CheckReport, what: string, error: unknown): CheckProblem {
  const check =
    report.filetype === 'csv' ? 'load_csv' : report.filetype === 'parquet' ? 'load_parquet' : 'load_json';
  return { check, message: `Cannot read the ${what}: ${errorMessage(error)}` };
}

/** Checks the bytes of a source whose size, type and purpose passed (see {@link checkFile}). */
export async function checkContent(
  report: CheckReport,
  source: ByteSource,
  options: CheckOptions,
): Promise<CheckReport> {
  const { signal, onBytes } = options;
  // The bytes in order, each chunk handed to `onBytes` first (an upload's hash), so one read serves both.
  const chunks = () =>
    onBytes === undefined ? source.chunks(signal) : tapped(source.chunks(signal), onBytes);
  if (report.filetype === 'parquet') {
    const result = await checkParquet(source, signal);
    report.num_samples = result.numSamples;
    if (result.problem !== undefined) return failReport(report, result.problem);
    // The footer is all the check needs; whoever wants every byte gets them in one more pass.
    if (onBytes !== undefined) for await (const _ of chunks());
    report.load_parquet = true;
    report.has_min_samples = true;
    return passReport(report);
  }
  if (report.filetype === 'csv') {
    const result = await checkCsv(chunks());
    if (result.problem !== undefined) return failReport(report, result.problem);
    Object.assign(report, {
      utf8: true,
      load_csv: true,
      has_min_samples: true,
      num_samples: result.numSamples,
    });
    return passReport(report);
  }
  const fineTune = (options.purpose ?? 'fine-tune') === 'fine-tune';
  const { maxWarnings } = options;
  // Large files go to worker threads when the runtime has them (Node, built package); the same report either way.
  let parallel: JsonlResult | undefined;
  // Worker threads are Node's: in the web build this folds to false, and the parallel check is not even a chunk.
  if (
    !(typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) &&
    source.read !== undefined &&
    source.size >= PARALLEL_MIN_BYTES
  ) {
    const { checkJsonlParallel } = await import('./parallel-jsonl.js');
    parallel = await checkJsonlParallel({
      fineTune,
      size: source.size,
      read: source.read,
      signal,
      ...(maxWarnings !== undefined && { maxWarnings }),
      ...(onBytes !== undefined && { onBytes }),
    });
    if (parallel === undefined) options.onBytesRestart?.();
  }
  const result =
    parallel ?? (await checkJsonl(chunks(), { fineTune, ...(maxWarnings !== undefined && { maxWarnings }) }));
  report.warnings = result.warnings.toWarnings();
  report.warning_count = result.warnings.total;
  if (result.problem !== undefined) {
    report.num_samples = result.numSamples;
    return failReport(report, result.problem);
  }
  Object.assign(report, { utf8: true, load_json: true, line_type: true, num_samples: result.numSamples });
  if (result.numSamples < 1)
    return failReport(report, {
      check: 'has_min_samples',
      message: 'The file has no samples; at least 1 is required',
    });
  report.has_min_samples = true;
  if (fineTune) {
    const rules = result.warnings.rules;
    report.text_field = !(rules.has('format') || rules.has('format_mismatch') || rules.has('extra_key'));
    report.key_value = [...rules].every((rule) =>
      ['format', 'format_mismatch', 'extra_key', 'json_number'].includes(rule),
    );
    if (result.datasetFormat !== undefined) report.dataset_format = result.datasetFormat;
  }
  return passReport(report);
}

/** `chunks` as they are, each handed to `onBytes` first (which may throw to stop the reading). */
export async function* tapped(
  chunks: AsyncIterable<Uint8Array>,
  onBytes: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of chunks) {
    onBytes(chunk);
    yield chunk;
  }
}
