/** The table rows of a transfer measurement: time, spread, throughput, peak RSS and the ratio to a reference row. */
import { formatBytes, formatDuration, formatSpread, megabytesPerSecond } from '../lib/stats.mjs';

/** Formats `rows` of `measureRounds` for `bytes` moved; `reference` names the row the ratio is taken against. */
export function transferRows(rows, bytes, reference) {
  const base = rows.find((row) => row.label === reference && !row.error);
  return {
    rows,
    header: ['peer', 'median', 'spread', 'MB/s', 'peak RSS', `vs ${reference}`],
    lines: rows.map((row) =>
      row.error
        ? [row.label, 'FAILED', '', '', '', firstLine(row.error)]
        : [
            row.label,
            formatDuration(row.ms.median),
            formatSpread(row.ms.spread),
            megabytesPerSecond(bytes, row.ms.median).toFixed(0),
            formatBytes(row.peakRssBytes.median),
            base ? `${(row.ms.median / base.ms.median).toFixed(2)}×` : '',
          ],
    ),
  };
}

/** The first meaningful line of an error, short enough for a table cell. */
export function firstLine(message) {
  const lines = message.split('\n').map((line) => line.trim());
  const line = lines.find((text) => /Error|error:|failed/i.test(text) && !text.startsWith('at ')) ?? lines[0];
  return line.length > 90 ? `${line.slice(0, 87)}...` : line;
}
