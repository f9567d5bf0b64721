/**
 * Per-call latency of `list` and `retrieve` against the local server: our promise client, our sync client, synckit
 * wrapping the same promise client, the official together-ai package and raw `fetch` (the floor), taking turns call by call in one process (memory is not
 * the question here; fairness under a changing background load is). Each round is a fresh process; the figure is
 * the median of the rounds' per-call medians.
 */
import { measureRounds } from '../lib/rounds.mjs';
import { formatDuration, formatSpread, summarize } from '../lib/stats.mjs';

/** Seeds a few small files, then times `calls` sequential calls per client and round. */
export async function latencyCase(context) {
  const { settings, server } = context;
  const fileIds = [];
  for (let index = 0; index < 10; index++)
    fileIds.push(await context.uploadSmallFile(`latency-${index}.jsonl`));
  const kinds = ['fetch', 'ours', 'sync', 'synckit', 'together-ai'];
  const labels = {
    fetch: 'raw fetch',
    ours: 'ours (promise)',
    sync: 'ours (sync)',
    synckit: 'synckit (same promise client)',
    'together-ai': 'together-ai',
  };
  try {
    const [measured] = await measureRounds({
      rounds: settings.latencyRounds,
      log: context.log,
      contenders: [
        {
          label: 'all clients',
          task: 'latency',
          args: () => ({
            kinds,
            baseURL: server.baseURL,
            apiKey: server.apiKey,
            fileId: fileIds[0],
            calls: settings.latencyCalls,
            warmup: settings.latencyWarmup,
          }),
        },
      ],
    });
    if (measured.error) throw new Error(measured.error);
    const rows = kinds.map((kind) => ({
      label: labels[kind],
      listMs: summarize(measured.results.map((result) => result.perClient[kind].listMs)),
      retrieveMs: summarize(measured.results.map((result) => result.perClient[kind].retrieveMs)),
    }));
    const base = rows[0];
    const ratio = (value, reference) => `${(((value - reference) / reference) * 100).toFixed(1)} %`;
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
        row === base ? '' : ratio(row.listMs.median, base.listMs.median),
        row === base ? '' : ratio(row.retrieveMs.median, base.retrieveMs.median),
      ]),
    };
  } finally {
    for (const fileId of fileIds) await context.deleteFile(fileId);
  }
}
