import { Together, type UploadSettings } from '@together-files/client';
import { type Colors, colorsFor } from './output/colors.js';
import { UsageError } from './output/errors.js';
import { createTransferProgress, silentProgress, type TransferProgress } from './output/progress.js';
import { printable, terminalSafe } from './output/terminal-text.js';

/** A writable stream that may be a terminal. */
export type CliStream = NodeJS.WritableStream & { isTTY?: boolean };

/** The process surroundings a CLI run uses; tests pass their own. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment: `TOGETHER_API_KEY`, `TOGETHER_BASE_URL`, `NO_COLOR`, `FORCE_COLOR`. */
  env: Record<string, string | undefined>;
}

/** The options every command takes (commander's `optsWithGlobals()`). */
export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  baseUrl?: string;
  apiKey?: string;
}

/** What a command's action needs: the streams, the Ctrl-C signal and the global options. */
export interface CommandContext {
  io: CliIo;
  /** Aborted on SIGINT/SIGTERM; every transfer takes it. */
  signal: AbortSignal;
}

/** How a command prints its result: JSON for --json, one essential value for --quiet, else the human view. */
export interface ResultViews {
  /** The human view (stdout). */
  human: () => string;
  /** What --quiet prints (an id, a path); nothing when absent. */
  quiet?: () => string | undefined;
}

/** The output channels of one command run, set up from the global options. */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** True when {@link progress} draws: stderr is a terminal and neither --json nor --quiet is on. */
  readonly showsProgress: boolean;
  /** Colours for stdout (off for --json and when stdout is not a terminal). */
  readonly colors: Colors;
  /** Prints the command's result on stdout. */
  result(value: unknown, views: ResultViews): void;
  /** A side note on stderr (not with --json or --quiet). */
  note(text: string): void;
  /** A warning on stderr, always (stdout stays clean for --json and --quiet): something differs from what was asked. */
  warn(text: string): void;
  /** A progress bar on stderr, drawn only when stderr is a terminal and neither --json nor --quiet is on. */
  progress(label: string): TransferProgress;
}

/** Serialises for --json: two-space indented, one document per command. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Builds the output channels of a command from the global options. */
export function createOutput(io: CliIo, globals: GlobalOptions): Output {
  const json = globals.json === true;
  const quiet = globals.quiet === true;
  const colors = colorsFor(json ? {} : io.stdout, io.env);
  const stderrColors = colorsFor(io.stderr, io.env);
  const showProgress = !json && !quiet && io.stderr.isTTY === true;
  return {
    json,
    quiet,
    showsProgress: showProgress,
    colors,
    result(value, views) {
      if (json) {
        io.stdout.write(`${toJson(value)}\n`);
        return;
      }
      const text = quiet ? views.quiet?.() : views.human();
      if (text !== undefined && text !== '')
        io.stdout.write(`${terminalSafe(text, colors.isColorSupported)}\n`);
    },
    note(text) {
      if (!json && !quiet) io.stderr.write(`${stderrColors.dim(terminalSafe(text, false))}\n`);
    },
    warn(text) {
      io.stderr.write(`${stderrColors.yellow(`warning: ${terminalSafe(text, false)}`)}\n`);
    },
    progress(label) {
      return showProgress
        ? createTransferProgress({ label: printable(label), stream: io.stderr })
        : silentProgress;
    },
  };
}

/** The API key and base URL: flags first, then `TOGETHER_API_KEY` / `TOGETHER_BASE_URL`. */
export function resolveConnection(
  globals: GlobalOptions,
  env: CliIo['env'],
): { apiKey: string; baseURL?: string } {
  const apiKey = globals.apiKey ?? env.TOGETHER_API_KEY;
  if (!apiKey) throw new UsageError('no API key: pass --api-key <key> or set TOGETHER_API_KEY.');
  const baseURL = globals.baseUrl ?? env.TOGETHER_BASE_URL;
  return baseURL ? { apiKey, baseURL } : { apiKey };
}

/** The promise client for a command that talks to the API. */
export function createClient(globals: GlobalOptions, env: CliIo['env'], upload?: UploadSettings): Together {
  return new Together({ ...resolveConnection(globals, env), ...(upload && { upload }) });
}
