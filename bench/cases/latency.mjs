/**
 * Per-call latency of `list` and `retrieve` against the local server: our promise client, our sync client, the
 * official together-ai package and raw `fetch` (the floor). Each round is a fresh process; the figure is the median
 * of the per-call medians.
 */
import { measureRounds } from '../lib/rounds.mjs';
import { formatDuration, formatSpread, summarize } from '../lib/stats.mjs';
import { firstLine } from './transfer-rows.mjs';

/** Seeds a few small files, then times `calls` sequential calls per client and round. */
export async function latencyCase(context) {
  const { settings, server } = context;
  const fileIds = [];
  for (let index = 0; index < 10; index++)
    fileIds.push(await context.uploadSmallFile(`latency-${index}.jsonl`));
  const args = (kind) => () => ({
    kind,
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    fileId: fileIds[0],
    calls: settings.latencyCalls,
  });
  try {
    const rows = await measureRounds({
      rounds: settings.latencyRounds,
      log: context.log,
      contenders: ['fetch', 'ours', 'sync', 'together-ai'].map((kind) => ({
        label:
          kind === 'fetch'
            ? 'raw fetch'
            : kind === 'ours'
              ? 'ours (promise)'
              : kind === 'sync'
                ? 'ours (sync)'
                : kind,
        task: 'latency',
        args: args(kind),
      })),
    });
    for (const row of rows.filter((candidate) => !candidate.error)) {
      row.listMs = summarize(row.results.map((result) => result.listMs));
      row.retrieveMs = summarize(row.results.map((result) => result.retrieveMs));
    }
    const base = rows[0];
    const ratio = (value, reference) => `${(((value - reference) / reference) * 100).toFixed(1)} %`;
    return {
      id: 'latency',
      title: `Per-call latency, ${settings.latencyCalls} sequential calls (${settings.latencyRounds} rounds)`,
      rows,
      header: ['client', 'list', 'spread', 'retrieve', 'spread', 'list overhead', 'retrieve overhead'],
      lines: rows.map((row) =>
        row.error
          ? [row.label, 'FAILED', '', '', '', firstLine(row.error), '']
          : [
              row.label,
              formatDuration(row.listMs.median),
              formatSpread(row.listMs.spread),
              formatDuration(row.retrieveMs.median),
              formatSpread(row.retrieveMs.spread),
              row === base || base.error ? '' : ratio(row.listMs.median, base.listMs.median),
              row === base || base.error ? '' : ratio(row.retrieveMs.median, base.retrieveMs.median),
            ],
      ),
    };
  } finally {
    for (const fileId of fileIds) await context.deleteFile(fileId);
  }
}
