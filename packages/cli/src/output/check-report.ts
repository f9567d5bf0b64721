import type { CheckReport } from '@together-files/check';
import type { Colors } from './colors.js';
import { formatBytes } from './human-size.js';

/** Where a check failed, for one-line messages: `line 17` or empty. */
export function describeCheckLocation(report: CheckReport): string {
  return report.line_number === undefined ? '' : `line ${report.line_number}`;
}

/** The `check` report for a person: verdict first, then what was found, and on a failure the line and the rule. */
export function renderCheckReport(report: CheckReport, options: { file: string; colors: Colors }): string {
  const { colors } = options;
  const location = describeCheckLocation(report);
  const verdict = report.is_check_passed
    ? `${colors.green('✔')} ${colors.bold('Checks passed')}  ${options.file}`
    : `${colors.red('✖')} ${colors.bold('Check failed')}  ${options.file}${location ? `, ${location}` : ''}`;
  const rows: Array<[string, string]> = [];
  if (!report.is_check_passed) rows.push(['reason', colors.red(report.message)]);
  if (report.failed_check) rows.push(['failed check', report.failed_check]);
  if (report.filetype) rows.push(['type', report.filetype]);
  if (report.dataset_format) rows.push(['format', report.dataset_format]);
  if (report.num_samples !== null) rows.push(['samples', report.num_samples.toLocaleString('en-US')]);
  if (report.file_size !== null) rows.push(['size', formatBytes(report.file_size)]);
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return [verdict, ...rows.map(([name, value]) => `  ${colors.dim(name.padEnd(width))}  ${value}`)].join(
    '\n',
  );
}
