import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultRunReport, formatReport } from './fault-report.js';
import { runFaultSuite } from './fault-run.js';

// A seeded run of operations through the fault proxy. FAULTS_SEED and FAULTS_OPERATIONS replay or lengthen it;
// FAULTS_VERBOSE=1 prints every operation.
const seed = Number(process.env.FAULTS_SEED ?? 20_250_101);
const operations = Number(process.env.FAULTS_OPERATIONS ?? 220);
const MiB = 1024 * 1024;
let workDir: string;
let report: FaultRunReport;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'together-files-faults-'));
  report = await runFaultSuite({
    seed,
    operations,
    workDir,
    rates: {
      'status-503': 0.04,
      'status-429': 0.03,
      'reset-request': 0.06,
      'reset-response': 0.05,
      'truncate-response': 0.05,
      stall: 0.04,
    },
    stallMs: { min: 100, max: 2500 },
    timeout: 2000,
    singleBytes: { min: 200, max: 3 * MiB },
    multipartBytes: { min: 11 * MiB, max: 16 * MiB },
    partSize: 5 * MiB,
    ...(process.env.FAULTS_VERBOSE === '1' && { log: (line: string) => console.log(line) }),
  });
  console.log(formatReport(report, seed));
}, 300_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe(`reliability under injected faults (seed ${seed})`, () => {
  it(`runs at least 200 operations with faults of every kind`, () => {
    expect(report.operations).toBe(operations);
    expect(operations).toBeGreaterThanOrEqual(200);
    expect(Object.keys(report.faultsByKind).sort()).toEqual(
      ['reset-request', 'reset-response', 'stall', 'status-429', 'status-503', 'truncate-response'].sort(),
    );
  });

  it('ends every operation with exact data or a TogetherError, never corrupt data or a leftover file', () => {
    expect(report.problems).toEqual([]);
    expect(report.outcomes.corrupt).toBe(0);
    expect(report.outcomes['untyped-error']).toBe(0);
  });

  it('recovers from most faults instead of failing', () => {
    expect(report.recovered).toBeGreaterThan(0);
    expect(report.outcomes.succeeded).toBeGreaterThan(report.outcomes['failed-cleanly']);
  });

  it("leaves the server's store holding exactly the files it lists", () => {
    expect(report.audit).toBeDefined();
    expect(report.audit!.orphanBlobs).toEqual([]);
    expect(report.audit!.unlistedMetadata).toEqual([]);
    expect(report.audit!.listedWithoutBlob).toEqual([]);
    expect(report.audit!.listedWithoutMetadata).toEqual([]);
  });
});
