/**
 * Peak resident memory of another process, read from Linux's `/proc/<pid>/status` (`VmHWM` is the kernel's own
 * high-water mark, so sampling only has to catch it before the process exits). Used for `curl`, whose memory a
 * Node process cannot ask for; Node children report their own `process.resourceUsage().maxRSS`.
 */
import { readFileSync } from 'node:fs';

/** Reads the kernel's peak RSS of `pid` in bytes, or 0 once the process is gone. */
export function readPeakRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples `pid` every `intervalMs` until `stop()`, which returns the highest peak seen (bytes). */
export function samplePeakRss(pid, intervalMs = 20) {
  let peak = readPeakRss(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, readPeakRss(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, readPeakRss(pid));
      return peak;
    },
  };
}
