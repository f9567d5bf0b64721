/**
 * Per-call latency of `list` and `retrieve` against the local server: our promise client, our sync client, synckit
 * wrapping the same promise client and the official together-ai package, each in a process of its own beside raw
 * `fetch` (the floor), the two taking turns call by call so a change in background load hits both alike.
 *
 * One process per client, because clients sharing a process change each other's figures: with together-ai in the
 * same process, our promise client measured 13–19 % over the floor; beside the floor alone, −3 to −9 %. Our client
 * did not change together-ai's figure, and the sync clients changed nobody's. An application runs one SDK, so each
 * is measured as it would run. Each round is a fresh process per client; a client's overhead is the median of the
 * rounds' overheads over the floor measured in the same process.
 */
import { measureRounds } from '../lib/rounds.mjs';
import { formatDuration, formatSpread, median, summarize } from '../lib/stats.mjs';

const labels = {
  ours: 'ours (promise)',
  sync: 'ours (sync)',
  synckit: 'synckit (same promise client)',
  'together-ai': 'together-ai',
};

/** Seeds a few small files, then times `calls` sequential calls per client and round. */
export async function latencyCase(context) {
  const { settings, server } = context;
  const fileIds = [];
  for (let index = 0; index < 10; index++)
    fileIds.push(await context.uploadSmallFile(`latency-${index}.jsonl`));
  try {
    const measured = await measureRounds({
      rounds: settings.latencyRounds,
      log: context.log,
      contenders: Object.entries(labels).map(([kind, label]) => ({
        label,
        task: 'latency',
        args: () => ({
          kinds: ['fetch', kind],
          baseURL: server.baseURL,
          apiKey: server.apiKey,
          fileId: fileIds[0],
          calls: settings.latencyCalls,
          warmup: settings.latencyWarmup,
        }),
      })),
    });
    const failed = measured.find((entry) => entry.error);
    if (failed) throw new Error(`${failed.label}: ${failed.error}`);
    const figures = (results, kind, call) => summarize(results.map((result) => result.perClient[kind][call]));
    const overhead = (results, kind, call) =>
      median(results.map((result) => result.perClient[kind][call] / result.perClient.fetch[call] - 1));
    const floorResults = measured.flatMap((entry) => entry.results);
    const rows = [
      {
        label: 'raw fetch',
        listMs: figures(floorResults, 'fetch', 'listMs'),
        retrieveMs: figures(floorResults, 'fetch', 'retrieveMs'),
      },
      ...Object.keys(labels).map((kind, index) => {
        const { results } = measured[index];
        return {
          label: labels[kind],
          listMs: figures(results, kind, 'listMs'),
          retrieveMs: figures(results, kind, 'retrieveMs'),
          listOverhead: overhead(results, kind, 'listMs'),
          retrieveOverhead: overhead(results, kind, 'retrieveMs'),
        };
      }),
    ];
    const percent = (value) => (value === undefined ? '' : `${(value * 100).toFixed(1)} %`);
    return {
      id: 'latency',
      title:
        `Per-call latency, ${settings.latencyCalls} sequential calls after ${settings.latencyWarmup} warm-up calls ` +
        `(${settings.latencyRounds} rounds)`,
      rows,
      header: ['client', 'list', 'spread', 'retrieve', 'spread', 'list overhead', 'retrieve overhead'],
      lines: rows.map((row) => [
        row.label,
        formatDuration(row.listMs.median),
        formatSpread(row.listMs.spread),
        formatDuration(row.retrieveMs.median),
        formatSpread(row.retrieveMs.spread),
        percent(row.listOverhead),
        percent(row.retrieveOverhead),
      ]),
    };
  } finally {
    for (const fileId of fileIds) await context.deleteFile(fileId);
  }
}
