import type { UploadSessions } from './upload-sessions.js';

/** How often the sweep runs at most: once a minute (sooner when uploads expire sooner, as in tests). */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Drops unfinished uploads once they expire: multipart uploads never completed or aborted (their parts are removed)
 * and single-part sessions whose `preprocess` never came (their URL takes no more bytes; bytes a PUT completed are
 * a file already). Runs every minute, or every half lifetime when that is shorter, so bytes go at most that long
 * after `expiresAt`. Returns the function that stops it.
 */
export function startUploadSweeper(
  uploads: UploadSessions,
  options: { lifetimeSeconds: number; now?: () => number },
): () => void {
  const now = options.now ?? Date.now;
  const interval = Math.max(50, Math.min(MAX_SWEEP_INTERVAL_MS, (options.lifetimeSeconds * 1000) / 2));
  const sweep = () => {
    for (const [fileId, pending] of uploads.single) {
      if (pending.expiresAt * 1000 <= now()) uploads.single.delete(fileId);
    }
    uploads.multipart.dropExpired();
  };
  const timer = setInterval(sweep, interval);
  // A server that is otherwise idle must not keep the process alive for this.
  timer.unref();
  return () => clearInterval(timer);
}
