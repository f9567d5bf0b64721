import type { CheckReport } from '@together-files/check';
import type { Colors } from './colors.js';
import { formatBytes } from './human-size.js';
import { printable } from './terminal-text.js';

/** Where a check failed, for one-line messages: `line 17` or empty. */
export function describeCheckLocation(report: CheckReport): string {
  return report.line_number === undefined ? '' : `line ${report.line_number}`;
}

/** The `check` report for a person: verdict first, then what was found, and on a failure the line and the rule. */
export function renderCheckReport(report: CheckReport, options: { file: string; colors: Colors }): string {
  const { colors } = options;
  const location = describeCheckLocation(report);
  const verdict = report.is_check_passed
    ? `${colors.green('✔')} ${colors.bold('Checks passed')}  ${printable(options.file)}`
    : `${colors.red('✖')} ${colors.bold('Check failed')}  ${printable(options.file)}${location ? `, ${location}` : ''}`;
  const rows: Array<[string, string]> = [];
  if (!report.is_check_passed) rows.push(['reason', colors.red(printable(report.message))]);
  if (report.failed_check) rows.push(['failed check', report.failed_check]);
  if (report.filetype) rows.push(['type', report.filetype]);
  if (report.dataset_format) rows.push(['format', report.dataset_format]);
  if (report.num_samples !== null) rows.push(['samples', report.num_samples.toLocaleString('en-US')]);
  if (report.file_size !== null) rows.push(['size', formatBytes(report.file_size)]);
  if (report.warning_count > 0) rows.push(['warnings', colors.yellow(String(report.warning_count))]);
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return [
    verdict,
    ...rows.map(([name, value]) => `  ${colors.dim(name.padEnd(width))}  ${value}`),
    ...renderCheckWarnings(report, colors),
  ].join('\n');
}

/**
 * The warnings of a report, one line each, after the verdict: semantic findings that do not block an upload (the
 * service validates the format itself), with how many are not shown.
 */
export function renderCheckWarnings(report: CheckReport, colors: Colors): string[] {
  if (report.warning_count === 0) return [];
  const lines = report.warnings.map((warning) => `  ${colors.yellow('!')} ${warning.message}`);
  const hidden = report.warning_count - report.warnings.length;
  if (hidden > 0) lines.push(colors.dim(`  … and ${hidden.toLocaleString('en-US')} more`));
  return [
    colors.yellow(
      `${report.warning_count.toLocaleString('en-US')} warning${report.warning_count === 1 ? '' : 's'} (not blocking; --strict blocks on them):`,
    ),
    ...lines,
  ];
}
