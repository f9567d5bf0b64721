import { Command, InvalidArgumentError } from 'commander';
import { nonBlank } from '../arguments.js';
import { type CommandContext, createClient, createOutput, type GlobalOptions } from '../context.js';
import { CommandFailure } from '../output/errors.js';
import { describeStatus, isFailedStatus, renderFileDetails } from '../output/file-table.js';

interface WaitOptions extends GlobalOptions {
  interval?: number;
  timeout?: number;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError('expected a number of seconds > 0.');
  return seconds;
}

/** `wait <id>`: polls until the service's processing ends; exit 1 when it ended `failed` or `invalid format`. */
export function waitCommand(context: CommandContext): Command {
  return new Command('wait')
    .description('wait until the service has processed a file; exit 1 when processing failed')
    .argument('<id>', 'the file id (file-...)', nonBlank('the file id'))
    .option('--interval <seconds>', 'time between polls', parseSeconds)
    .option('--timeout <seconds>', 'give up after this long', parseSeconds)
    .action(async (id: string, _options: WaitOptions, command: Command) => {
      const options = command.optsWithGlobals<WaitOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      output.note(`waiting for ${id} to be processed...`);
      const file = await client.files.waitForProcessing(id, {
        signal: context.signal,
        ...(options.interval !== undefined && { intervalMs: options.interval * 1000 }),
        ...(options.timeout !== undefined && { timeoutMs: options.timeout * 1000 }),
      });
      output.result(file, {
        human: () => renderFileDetails(file, output.colors),
        quiet: () => describeStatus(file),
      });
      const status = describeStatus(file);
      if (isFailedStatus(status)) {
        const reason = file.validation_report?.error ?? 'no reason given';
        throw new CommandFailure(
          `processing of ${id} ended in ${status}: ${reason}. Fix the file and upload it again.`,
          {
            resultPrinted: true,
          },
        );
      }
    });
}
