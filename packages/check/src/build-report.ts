import type { CheckFailure, CheckReport } from './report.js';

/** A broken rule as the checkers return it, before it lands in the report. */
export interface CheckProblem {
  /** The rule that failed; its boolean field in the report (if it has one) becomes `false`. */
  check: CheckFailure;
  /** One sentence for the user, already prefixed with the line when there is one. */
  message: string;
  /** 1-based line (or row) of the failure. */
  line?: number;
}

// The report fields that are verdicts of one rule: a failure of that rule sets them to false. `found`, `file_size`
// and `filetype` are left alone on purpose: they carry what was observed, not a verdict.
const verdictFields = new Set<CheckFailure>([
  'utf8',
  'load_json',
  'line_type',
  'text_field',
  'key_value',
  'has_min_samples',
  'load_csv',
  'load_parquet',
]);

/** A report where nothing has been checked yet: every verdict `null`, not passed. */
export function emptyReport(): CheckReport {
  return {
    is_check_passed: false,
    message: '',
    found: false,
    file_size: null,
    utf8: null,
    line_type: null,
    text_field: null,
    key_value: null,
    has_min_samples: null,
    num_samples: null,
    load_json: null,
    load_csv: null,
    load_parquet: null,
    filetype: null,
    warnings: [],
    warning_count: 0,
  };
}

/** A problem on a 1-based line: its message starts with `Line N:`, as every message with a line does. */
export function lineProblem(check: CheckFailure, line: number, text: string): CheckProblem {
  return { check, line, message: `Line ${line}: ${text}` };
}

/** The message of whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Marks `report` as failed by `problem` and returns it. */
export function failReport(report: CheckReport, problem: CheckProblem): CheckReport {
  report.is_check_passed = false;
  report.message = problem.message;
  report.failed_check = problem.check;
  if (problem.line !== undefined) report.line_number = problem.line;
  if (verdictFields.has(problem.check)) (report as unknown as Record<string, unknown>)[problem.check] = false;
  return report;
}

/** Marks `report` as passed and returns it. */
export function passReport(report: CheckReport): CheckReport {
  report.is_check_passed = true;
  report.message = 'Checks passed';
  return report;
}
