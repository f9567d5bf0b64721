/** The counts of a reliability run and their printout. */
import type { StoreAudit } from './store-audit.js';

/** What a run did. */
export type OperationKind = 'upload' | 'upload-multipart' | 'download' | 'list' | 'retrieve' | 'delete';

/** How one operation ended: right data, a typed error, an error of another class, or wrong data/leftovers. */
export type Outcome = 'succeeded' | 'failed-cleanly' | 'untyped-error' | 'corrupt';

/** Counts and findings of a run. */
export interface FaultRunReport {
  operations: number;
  byKind: Record<string, Record<Outcome, number>>;
  outcomes: Record<Outcome, number>;
  /** Operations that met at least one fault and still succeeded (the client retried or resumed). */
  recovered: number;
  /** Operations during which at least one fault fired. */
  faulted: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** Requests the proxy saw. */
  requests: number;
  /** Retries the client logged. */
  retries: number;
  errorsByClass: Record<string, number>;
  /** Deletes that failed with 404 because a retry came after the first attempt had deleted the file. */
  deleteNotFound: number;
  failedUploads: number;
  /** Uploads that reported an error yet produced a complete file on the server. */
  uploadedDespiteError: number;
  finalFiles: number;
  audit?: StoreAudit;
  /** Every corruption, untyped error or inconsistency; must stay empty. */
  problems: string[];
  record(kind: OperationKind, outcome: Outcome, faults: number): void;
}

const noOutcomes = (): Record<Outcome, number> => ({
  succeeded: 0,
  'failed-cleanly': 0,
  'untyped-error': 0,
  corrupt: 0,
});

/** A report with every count at zero. */
export function emptyReport(): FaultRunReport {
  return {
    operations: 0,
    byKind: {},
    outcomes: noOutcomes(),
    recovered: 0,
    faulted: 0,
    faultsInjected: 0,
    faultsByKind: {},
    requests: 0,
    retries: 0,
    errorsByClass: {},
    deleteNotFound: 0,
    failedUploads: 0,
    uploadedDespiteError: 0,
    finalFiles: 0,
    problems: [],
    record(kind, outcome, faults) {
      this.operations += 1;
      this.outcomes[outcome] += 1;
      this.byKind[kind] ??= noOutcomes();
      this.byKind[kind][outcome] += 1;
      if (faults > 0) this.faulted += 1;
      if (faults > 0 && outcome === 'succeeded') this.recovered += 1;
    },
  };
}

/** The report as the lines the suite prints. */
export function formatReport(report: FaultRunReport, seed: number): string {
  const kinds = Object.entries(report.faultsByKind)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const errors = Object.entries(report.errorsByClass)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const perKind = Object.entries(report.byKind)
    .map(
      ([kind, counts]) => `${kind} ${counts.succeeded}/${Object.values(counts).reduce((a, b) => a + b, 0)}`,
    )
    .join(', ');
  const audit = report.audit;
  return [
    `fault suite (seed ${seed})`,
    `  operations        ${report.operations}  (succeeded/total: ${perKind})`,
    `  faults injected   ${report.faultsInjected}  (${kinds || 'none'}) over ${report.requests} requests`,
    `  operations hit    ${report.faulted}`,
    `  retried           ${report.retries} client retries; ${report.recovered} operations recovered from faults`,
    `  succeeded         ${report.outcomes.succeeded}`,
    `  failed cleanly    ${report.outcomes['failed-cleanly']}  (${errors || 'none'})`,
    `  untyped errors    ${report.outcomes['untyped-error']}`,
    `  corrupt           ${report.outcomes.corrupt}`,
    `  deletes answered 404 on retry: ${report.deleteNotFound}; failed uploads: ${report.failedUploads}, ` +
      `of which complete on the server anyway: ${report.uploadedDespiteError}`,
    `  store: ${report.finalFiles} files listed; orphan blobs ${audit?.orphanBlobs.length ?? '?'}, ` +
      `unlisted metadata ${audit?.unlistedMetadata.length ?? '?'}, listed without blob ` +
      `${audit?.listedWithoutBlob.length ?? '?'}; temp files of unfinished uploads ${audit?.tempFiles.length ?? '?'}`,
    ...report.problems.map((problem) => `  PROBLEM ${problem}`),
  ].join('\n');
}
