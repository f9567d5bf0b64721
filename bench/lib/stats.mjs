/**
 * Summary statistics of the rounds of one measurement: the median and the spread around it.
 * The spread is half the min–max range relative to the median, so "±4 %" reads as "the rounds agree within 4 %".
 */

/** Median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, min, max and relative spread (0.04 = ±4 %) of the given rounds. */
export function summarize(values) {
  const middle = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const spread = middle === 0 ? 0 : (max - min) / 2 / middle;
  return { median: middle, min, max, spread, rounds: values.length };
}

/** "1.23 s", "456 ms" or "78 µs", whichever reads best for a duration in milliseconds. */
export function formatDuration(milliseconds) {
  if (milliseconds >= 1000) return `${(milliseconds / 1000).toFixed(2)} s`;
  if (milliseconds >= 1) return `${milliseconds.toFixed(milliseconds >= 100 ? 0 : 1)} ms`;
  return `${Math.round(milliseconds * 1000)} µs`;
}

/** Bytes as "12.3 MB" (decimal megabytes, as the targets are stated) or "4.56 kB". */
export function formatBytes(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(2)} kB`;
  return `${bytes} B`;
}

/** "±4 %" from a relative spread. */
export function formatSpread(spread) {
  return `±${Math.round(spread * 100)} %`;
}

/** Throughput in MB/s from bytes and milliseconds. */
export function megabytesPerSecond(bytes, milliseconds) {
  return bytes / 1e6 / (milliseconds / 1000);
}
