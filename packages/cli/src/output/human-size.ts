const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** A byte count in binary units a person reads at a glance: `512 B`, `25.3 MiB`, `5.0 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole bytes need no decimal; larger units keep one so 1.0 MiB and 1.4 MiB stay apart.
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A transfer rate from bytes and seconds: `12.4 MiB/s`; `-` before any time has passed. */
export function formatRate(bytes: number, seconds: number): string {
  if (!(seconds > 0)) return '-';
  return `${formatBytes(bytes / seconds)}/s`;
}

/** A duration in seconds, short: `4s`, `1m 05s`, `2h 03m`; `-` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** A unix time in seconds as `YYYY-MM-DD HH:MM` in UTC, the way the list table shows it. */
export function formatTimestamp(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds)) return '-';
  return new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}
