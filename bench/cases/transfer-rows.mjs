/** The table rows of a transfer measurement: time, spread, throughput, peak RSS and the ratio to a reference row. */
import { formatBytes, formatDuration, formatSpread, megabytesPerSecond } from '../lib/stats.mjs';

/** Formats `rows` of `measureRounds` for `bytes` moved; `reference` names the row the ratio is taken against. */
export function transferRows(rows, bytes, reference) {
  const base = rows.find((row) => row.label === reference);
  return {
    rows,
    header: ['peer', 'median', 'spread', 'MB/s', 'peak RSS', `vs ${reference}`],
    lines: rows.map((row) => [
      row.label,
      formatDuration(row.ms.median),
      formatSpread(row.ms.spread),
      megabytesPerSecond(bytes, row.ms.median).toFixed(0),
      formatBytes(row.peakRssBytes.median),
      base ? `${(row.ms.median / base.ms.median).toFixed(2)}×` : '',
    ]),
  };
}
