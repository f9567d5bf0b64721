import cliProgress from 'cli-progress';
import { formatBytes, formatDuration, formatRate } from './human-size.js';

/** What the clients report while bytes move: overall bytes, and for multipart uploads which part moved. */
export interface TransferUpdate {
  /** Bytes moved so far, all parts together. */
  loaded: number;
  /** Bytes to move in all. */
  total: number;
  /** 1-based number of the part that moved (multipart uploads). */
  part?: number;
  /** How many parts the upload has (multipart uploads). */
  parts?: number;
}

/** A live progress display; `update` takes the clients' `onProgress` reports, `stop` leaves the last frame. */
export interface TransferProgress {
  update(progress: TransferUpdate): void;
  stop(): void;
}

/** Where and how to draw a {@link TransferProgress}. */
export interface TransferProgressOptions {
  /** What moves, shown before the bar: `upload`, `download`. */
  label: string;
  /** The terminal stream (stderr); the caller decides that it is a TTY. */
  stream: NodeJS.WritableStream;
  /** Bar width in characters (default 30). */
  barSize?: number;
}

interface BarPayload {
  label: string;
  detail: string;
}

type Bar = cliProgress.SingleBar;

/** A display that draws nothing, for --json, --quiet and non-terminal stderr. */
export const silentProgress: TransferProgress = { update() {}, stop() {} };

function formatLine(options: cliProgress.Options, params: cliProgress.Params, payload: BarPayload): string {
  const bar = cliProgress.Format.BarFormat(params.progress, options);
  const percent = `${Math.floor(params.progress * 100)}`.padStart(3);
  const seconds = ((params.stopTime ?? Date.now()) - params.startTime) / 1000;
  const rate = seconds > 0 ? params.value / seconds : 0;
  const eta = rate > 0 ? (params.total - params.value) / rate : Number.NaN;
  const sizes = `${formatBytes(params.value)} / ${formatBytes(params.total)}`;
  const timing = `${formatRate(params.value, seconds)}  ETA ${formatDuration(eta)}`;
  return `${payload.label} ${bar} ${percent}%  ${sizes}  ${timing}${payload.detail}`;
}

/**
 * A progress bar on a terminal: bytes, rate and ETA for the whole transfer and, for a multipart upload, one more
 * bar for each part in flight. Part sizes follow the service's planner: equal parts, the last one shorter.
 */
export function createTransferProgress(options: TransferProgressOptions): TransferProgress {
  const multiBar = new cliProgress.MultiBar({
    stream: options.stream,
    format: formatLine,
    barsize: options.barSize ?? 30,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    gracefulExit: false,
    fps: 10,
  });
  let overall: Bar | undefined;
  const partBars = new Map<number, { bar: Bar; loaded: number; size: number }>();
  const finishedParts = new Set<number>();
  let lastLoaded = 0;
  let stopped = false;

  const partSize = (part: number, parts: number, total: number): number => {
    const size = Math.ceil(total / parts);
    return part < parts ? size : total - size * (parts - 1);
  };

  return {
    update(progress) {
      if (stopped) return;
      const parts = progress.parts ?? 1;
      const detail = parts > 1 ? `  parts ${finishedParts.size}/${parts}` : '';
      if (!overall) {
        overall = multiBar.create(progress.total, 0, { label: options.label, detail });
      }
      overall.setTotal(progress.total);
      overall.update(progress.loaded, { label: options.label, detail });
      const moved = progress.loaded - lastLoaded;
      lastLoaded = progress.loaded;
      if (parts <= 1 || progress.part === undefined || finishedParts.has(progress.part)) return;
      let entry = partBars.get(progress.part);
      if (!entry) {
        const size = partSize(progress.part, parts, progress.total);
        const bar = multiBar.create(size, 0, { label: `  part ${progress.part}/${parts}`, detail: '' });
        entry = { bar, loaded: 0, size };
        partBars.set(progress.part, entry);
      }
      entry.loaded = Math.min(entry.size, entry.loaded + Math.max(0, moved));
      entry.bar.update(entry.loaded);
      if (entry.loaded >= entry.size) {
        finishedParts.add(progress.part);
        partBars.delete(progress.part);
        entry.bar.stop();
        multiBar.remove(entry.bar);
        overall.update(progress.loaded, {
          label: options.label,
          detail: `  parts ${finishedParts.size}/${parts}`,
        });
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (!overall) return;
      for (const { bar } of partBars.values()) multiBar.remove(bar);
      multiBar.stop();
    },
  };
}
