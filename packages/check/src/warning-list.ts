import type { CheckWarning, CheckWarningRule } from './report.js';

/** A semantic finding with its line, its sentence not yet prefixed (a thread's lines are renumbered later). */
export interface LineFinding {
  line: number;
  rule: CheckWarningRule;
  text: string;
}

/** The default cap on the warnings a report lists. */
export const DEFAULT_MAX_WARNINGS = 100;

/** The warnings of a check: the first `max` kept, all counted. */
export class WarningList {
  readonly items: LineFinding[] = [];
  total = 0;
  /** Every rule that had a finding, listed or not. */
  readonly rules = new Set<CheckWarningRule>();
  readonly max: number;

  constructor(max: number = DEFAULT_MAX_WARNINGS) {
    this.max = max;
  }

  /** Counts a finding and keeps it while there is room. */
  add(finding: LineFinding): void {
    this.total += 1;
    this.rules.add(finding.rule);
    if (this.items.length < this.max) this.items.push(finding);
  }

  /** The report's form: `Line N: ...` sentences. */
  toWarnings(): CheckWarning[] {
    return this.items.map(({ line, rule, text }) => ({ line, rule, message: `Line ${line}: ${text}` }));
  }
}

/**
 * Adds `other`'s findings (from lines checked apart: a worker thread's chunk) to `list`, their lines moved on by
 * `lineOffset`. A function rather than a method, so that the web build, which has no parallel check, leaves it out.
 */
export function mergeWarnings(
  list: WarningList,
  other: { items: readonly LineFinding[]; total: number; rules: Iterable<CheckWarningRule> },
  lineOffset: number,
): void {
  for (const rule of other.rules) list.rules.add(rule);
  for (const finding of other.items) {
    if (list.items.length >= list.max) break;
    list.items.push({ ...finding, line: finding.line + lineOffset });
  }
  list.total += other.total;
}
