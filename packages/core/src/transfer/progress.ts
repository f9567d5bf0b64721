/** How far a transfer got. Multipart uploads add the part that moved and the number of parts. */
export interface Progress {
  loaded: number;
  total: number;
  part?: number;
  parts?: number;
  /** On every call of a transfer that continued where an earlier process stopped: what was already there. */
  resumed?: { parts?: number; bytes: number };
}

/** Receives {@link Progress}; called with monotonic `loaded`, at least every 1 % or 8 MiB, and at the end. */
export type ProgressListener = (progress: Progress) => void;

const MAX_STEP = 8 * 1024 * 1024;

/** Turns raw byte counts into throttled, never-decreasing progress calls. */
export interface ProgressReporter {
  /** Reports `loaded` bytes so far (smaller values than already reported are ignored). */
  update(loaded: number, extra?: { part: number; parts: number }): void;
}

/**
 * A reporter for `total` bytes that calls `listener` at once with 0, then whenever 1 % of the total or 8 MiB
 * (whichever is smaller) more has moved, and when `loaded` reaches `total`. A listener that throws is logged, not fatal.
 */
export function createProgressReporter(options: {
  total: number;
  listener?: ProgressListener | undefined;
  onListenerError?: (error: unknown) => void;
  /** Bytes already there (a resumed transfer): the first call reports them instead of 0. */
  start?: number | undefined;
  /** Set on every call when the transfer resumed. */
  resumed?: Progress['resumed'] | undefined;
  /** The number of parts of a multipart upload, for the first call (later ones name the part that moved). */
  parts?: number | undefined;
}): ProgressReporter {
  const { total, listener, resumed } = options;
  if (!listener) return { update() {} };
  const step = Math.max(1, Math.min(Math.floor(total / 100), MAX_STEP));
  let reported = options.start ?? 0;
  let emitted = reported;
  const emit = (loaded: number, extra?: { part?: number; parts: number }) => {
    emitted = loaded;
    try {
      listener({ loaded, total, ...extra, ...(resumed && { resumed }) });
    } catch (error) {
      options.onListenerError?.(error);
    }
  };
  emit(reported, options.parts === undefined ? undefined : { parts: options.parts });
  return {
    update(loaded, extra) {
      if (loaded <= reported) return;
      reported = loaded;
      if (loaded - emitted >= step || loaded >= total) emit(loaded, extra);
    },
  };
}
