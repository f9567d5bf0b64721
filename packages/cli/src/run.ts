import { APIUserAbortError, DEFAULT_BASE_URL } from '@together-files/core';
import { CommanderError } from 'commander';
import { type CliIo, type GlobalOptions, toJson } from './context.js';
import { CommandFailure, describeError, ExitCode } from './output/errors.js';
import { terminalSafe } from './output/terminal-text.js';
import { createProgram } from './program.js';

/** Why a run was interrupted; bin.ts aborts the run's signal with this reason on SIGINT or SIGTERM. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signalName: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signalName}`);
  }
}

/** What one CLI run needs: its arguments (without `node` and the script) and, optionally, its surroundings. */
export interface RunOptions {
  /** The user's arguments, e.g. `['upload', 'data.jsonl', '--json']`. */
  argv: readonly string[];
  io?: CliIo;
  /** Aborted to cancel the run (Ctrl-C); the run then ends with exit code 130. */
  signal?: AbortSignal;
}

function describeAction(
  argv: readonly string[],
  commandName: string | undefined,
  args: readonly string[],
): string {
  if (commandName === undefined) return argv.length > 0 ? `together-files ${argv[0]}` : 'together-files';
  // An empty argument would leave a double space (`retrieve  failed`); it shows as '' instead.
  return [commandName, ...args.map((arg) => (arg === '' ? "''" : arg))].join(' ');
}

/** Commands whose request names no file id: a 404 there is a wrong base URL, not a wrong id. */
const COLLECTION_COMMANDS: ReadonlySet<string> = new Set(['list', 'upload']);

/**
 * Runs the CLI once and resolves to its exit code: 0 success, 1 failure, 2 bad usage, 130 Ctrl-C.
 * Never throws and never calls `process.exit`, so it can be embedded and tested in-process.
 */
export async function run(options: RunOptions): Promise<number> {
  const io: CliIo = options.io ?? { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const signal = options.signal ?? new AbortController().signal;
  const program = createProgram({ io, signal });
  let commandName: string | undefined;
  let commandArgs: readonly string[] = [];
  program.hook('preAction', (_program, actionCommand) => {
    commandName = actionCommand.name();
    commandArgs = actionCommand.args;
  });
  const wantsJson = options.argv.includes('--json');
  try {
    await program.parseAsync([...options.argv], { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; every other commander error is a usage mistake it printed.
      if (error.exitCode === 0) return ExitCode.OK;
      if (wantsJson)
        io.stdout.write(`${toJson({ error: { name: 'UsageError', message: error.message } })}\n`);
      return ExitCode.USAGE;
    }
    const action = describeAction(options.argv, commandName, commandArgs);
    if (signal.aborted) {
      const reason = signal.reason;
      const byTerm = reason instanceof Interrupted && reason.signalName === 'SIGTERM';
      const how = byTerm ? 'SIGTERM' : 'Ctrl-C';
      // A multipart upload of a path keeps its journal: the run stops, and the same command continues it.
      const paused = error instanceof APIUserAbortError ? error.paused : undefined;
      const line = paused
        ? `${action} paused (${how}): ${paused.confirmedParts} of ${paused.parts} parts are uploaded. Run the same ` +
          'command again to resume, or add --no-resume to start anew.'
        : `${action} cancelled (${how}); nothing was left behind.`;
      io.stderr.write(`${terminalSafe(line, false)}\n`);
      if (wantsJson) {
        const json = paused
          ? { name: 'Interrupted', message: 'paused', paused }
          : { name: 'Interrupted', message: 'cancelled' };
        io.stdout.write(`${toJson({ error: json })}\n`);
      }
      return byTerm ? ExitCode.TERMINATED : ExitCode.INTERRUPTED;
    }
    if (error instanceof CommandFailure) {
      io.stderr.write(`${terminalSafe(error.message, false)}\n`);
      if (wantsJson && !error.resultPrinted) {
        io.stdout.write(`${toJson({ error: { name: error.name, message: error.message } })}\n`);
      }
      return ExitCode.FAILED;
    }
    // The URL the run used: --base-url, else the environment, else the default (as resolveConnection picks it).
    const baseURL =
      program.opts<GlobalOptions>().baseUrl ?? (io.env.TOGETHER_BASE_URL || undefined) ?? DEFAULT_BASE_URL;
    const described = describeError(error, {
      action,
      baseURL,
      collectionRoute: commandName !== undefined && COLLECTION_COMMANDS.has(commandName),
    });
    io.stderr.write(`${terminalSafe(described.line, false)}\n`);
    if (wantsJson) io.stdout.write(`${toJson({ error: described.json })}\n`);
    return described.exitCode;
  }
}
