import { Command, type OutputConfiguration } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { checkCommand } from './commands/check.js';
import { deleteCommand } from './commands/delete.js';
import { listCommand } from './commands/list.js';
import { retrieveCommand } from './commands/retrieve.js';
import { retrieveContentCommand } from './commands/retrieve-content.js';
import { serveCommand } from './commands/serve.js';
import { uploadCommand } from './commands/upload.js';
import { waitCommand } from './commands/wait.js';
import type { CommandContext } from './context.js';
import { terminalSafe } from './output/terminal-text.js';

/** The CLI's version, from its package.json. */
export const version: string = packageJson.version;

const EXIT_CODES_HELP = `
Environment:
  TOGETHER_API_KEY     the API key (--api-key overrides it)
  TOGETHER_BASE_URL    the API base URL (--base-url overrides it; default https://api.together.ai/v1)

Exit codes:
  0 success, 1 the operation failed (API error, failed check), 2 bad usage, 130 interrupted (Ctrl-C)`;

/** Commander's output on our streams; its errors become one line that says where to read more. */
function outputFor(context: CommandContext, commandLine: string): OutputConfiguration {
  return {
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(terminalSafe(text, false)),
    outputError: (text, write) =>
      write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (see ${commandLine} --help)\n`),
  };
}

/**
 * The `together-files` command tree with its global options. Commander calls `exitOverride`, so the caller
 * (`run`) decides exit codes; `context` carries the streams and the Ctrl-C signal.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('together-files')
    .description("Upload, list, retrieve, download, check and delete files of Together's Files API.")
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print machine-readable JSON on stdout, nothing else')
    .option('-q, --quiet', 'no progress or notes; print only the essential value (an id, a path)')
    .option('--base-url <url>', 'API base URL (env TOGETHER_BASE_URL)')
    .option('--api-key <key>', 'API key (env TOGETHER_API_KEY); for serve, the key clients must send')
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(outputFor(context, 'together-files'));
  for (const create of [
    uploadCommand,
    listCommand,
    retrieveCommand,
    retrieveContentCommand,
    deleteCommand,
    checkCommand,
    waitCommand,
    serveCommand,
  ]) {
    const command = create(context);
    command.helpOption('-h, --help', 'show help');
    command.exitOverride();
    command.configureHelp({ showGlobalOptions: true });
    command.configureOutput(outputFor(context, `together-files ${command.name()}`));
    program.addCommand(command);
  }
  return program;
}
