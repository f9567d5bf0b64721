/**
 * Sizes and rounds of a bench run. The full run follows issue 7 (1 GiB transfers, 2 GiB multipart in 64 MiB parts);
 * `--quick` runs the same cases small, and `BENCH_*` environment variables override single values.
 */
const MiB = 1024 * 1024;

const full = {
  transferBytes: 1024 * MiB,
  multipartBytes: 2048 * MiB,
  partBytes: 64 * MiB,
  checkBytes: 1024 * MiB,
  transferRounds: 3,
  multipartRounds: 2,
  checkRounds: 3,
  resumeBytes: 1024 * MiB,
  resumeRounds: 3,
  latencyRounds: 3,
  latencyCalls: 300,
  latencyWarmup: 200,
  importRounds: 5,
  serverMemoryRequests: 40_000,
};

const quick = {
  transferBytes: 64 * MiB,
  multipartBytes: 64 * MiB,
  partBytes: 8 * MiB,
  checkBytes: 64 * MiB,
  transferRounds: 2,
  multipartRounds: 2,
  checkRounds: 2,
  resumeBytes: 64 * MiB,
  resumeRounds: 2,
  latencyRounds: 2,
  latencyCalls: 100,
  latencyWarmup: 100,
  importRounds: 3,
  serverMemoryRequests: 10_000,
};

const environmentNames = {
  transferBytes: ['BENCH_TRANSFER_MB', MiB],
  multipartBytes: ['BENCH_MULTIPART_MB', MiB],
  partBytes: ['BENCH_PART_MB', MiB],
  checkBytes: ['BENCH_CHECK_MB', MiB],
  transferRounds: ['BENCH_ROUNDS', 1],
  multipartRounds: ['BENCH_ROUNDS', 1],
  checkRounds: ['BENCH_ROUNDS', 1],
  resumeBytes: ['BENCH_RESUME_MB', MiB],
  resumeRounds: ['BENCH_ROUNDS', 1],
  latencyRounds: ['BENCH_ROUNDS', 1],
  latencyCalls: ['BENCH_CALLS', 1],
  serverMemoryRequests: ['BENCH_SERVER_REQUESTS', 1],
};

/** All cases, in the order they run. */
export const caseNames = [
  'upload',
  'download',
  'multipart',
  'resume',
  'latency',
  'check',
  'import',
  'server-memory',
];

/** Reads `--quick`, `--only a,b` and `BENCH_*` variables; returns the run's settings. */
export function readOptions(argv = process.argv.slice(2), environment = process.env) {
  const settings = { ...(argv.includes('--quick') || environment.BENCH_QUICK === '1' ? quick : full) };
  for (const [key, [name, unit]] of Object.entries(environmentNames)) {
    const value = Number(environment[name]);
    if (environment[name] && Number.isFinite(value) && value > 0) settings[key] = Math.round(value * unit);
  }
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1]?.split(',') : undefined;
  const unknown = only?.filter((name) => !caseNames.includes(name)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${caseNames.join(', ')}`);
  return {
    ...settings,
    quick: argv.includes('--quick'),
    cases: only ?? caseNames,
    resultsFile: environment.BENCH_RESULTS ?? new URL('../results.json', import.meta.url).pathname,
  };
}

/** "1.00 GiB" / "64 MiB" for a byte count. */
export function formatSize(bytes) {
  return bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(2)} GiB` : `${Math.round(bytes / MiB)} MiB`;
}
