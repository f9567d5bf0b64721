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
  /** Bytes of `part` moved so far, when the client reports them. */
  partLoaded?: number;
  /** Size of `part`, when the client reports it. */
  partTotal?: number;
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
  /** Widest bar in characters (default 30); narrower when the terminal is. */
  barSize?: number;
}

interface BarPayload {
  label: string;
  detail: string;
}

type Bar = cliProgress.SingleBar;

const FRAME_MS = 100;
const MIN_BAR = 10;
const MAX_BAR = 30;

/** A display that draws nothing, for --json, --quiet and non-terminal stderr. */
export const silentProgress: TransferProgress = { update() {}, stop() {} };

function formatLine(options: cliProgress.Options, params: cliProgress.Params, payload: BarPayload): string {
  const percent = `${Math.floor(params.progress * 100)}`.padStart(3);
  const seconds = ((params.stopTime ?? Date.now()) - params.startTime) / 1000;
  const rate = seconds > 0 ? params.value / seconds : 0;
  const eta = rate > 0 ? (params.total - params.value) / rate : Number.NaN;
  const sizes = `${formatBytes(params.value)} / ${formatBytes(params.total)}`;
  const timing = `${formatRate(params.value, seconds)}  ETA ${formatDuration(eta)}`;
  const text = ` ${percent}%  ${sizes}  ${timing}${payload.detail}`;
  // The bar takes what the terminal's width leaves, so the line never wraps (and never vanishes on narrow ones).
  const room = params.maxWidth - payload.label.length - text.length - 2;
  const barsize = Math.max(MIN_BAR, Math.min(options.barsize ?? MAX_BAR, room));
  const bar = cliProgress.Format.BarFormat(params.progress, { ...options, barsize });
  return `${payload.label} ${bar}${text}`;
}

/**
 * A progress bar on a terminal: bytes, rate and ETA for the whole transfer. For a multipart upload it names the
 * part that moved last and, when the client reports each part's own bytes, adds a bar for each part in flight.
 */
export function createTransferProgress(options: TransferProgressOptions): TransferProgress {
  const multiBar = new cliProgress.MultiBar({
    stream: options.stream,
    format: formatLine,
    barsize: options.barSize ?? MAX_BAR,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    gracefulExit: false,
    fps: 1000 / FRAME_MS,
  });
  let overall: Bar | undefined;
  const partBars = new Map<number, Bar>();
  const finishedParts = new Set<number>();
  let stopped = false;
  let lastDrawn = 0;

  const partsDetail = (update: TransferUpdate): string => {
    if (!update.parts || update.parts <= 1) return '';
    if (update.partLoaded === undefined) return `  part ${update.part ?? '-'} of ${update.parts}`;
    return `  parts done ${finishedParts.size}/${update.parts}`;
  };

  const updatePart = (update: TransferUpdate & { part: number; partLoaded: number; partTotal: number }) => {
    if (finishedParts.has(update.part)) return;
    let bar = partBars.get(update.part);
    if (!bar) {
      bar = multiBar.create(update.partTotal, 0, {
        label: `  part ${update.part}/${update.parts}`,
        detail: '',
      });
      partBars.set(update.part, bar);
    }
    bar.update(update.partLoaded);
    if (update.partLoaded >= update.partTotal) {
      finishedParts.add(update.part);
      partBars.delete(update.part);
      bar.stop();
      multiBar.remove(bar);
    }
  };

  return {
    update(update) {
      if (stopped) return;
      if (!overall) overall = multiBar.create(update.total, 0, { label: options.label, detail: '' });
      overall.setTotal(update.total);
      const { part, partLoaded, partTotal } = update;
      if (part !== undefined && partLoaded !== undefined && partTotal !== undefined) {
        updatePart({ ...update, part, partLoaded, partTotal });
      }
      overall.update(update.loaded, { label: options.label, detail: partsDetail(update) });
      // The bars also redraw on a timer, but a blocked thread (the sync client) never runs timers: draw here too.
      const now = Date.now();
      if (now - lastDrawn >= FRAME_MS) {
        lastDrawn = now;
        multiBar.update();
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (!overall) return;
      for (const bar of partBars.values()) multiBar.remove(bar);
      multiBar.stop();
    },
  };
}
