import { Command } from 'commander';
import { nonBlank } from '../arguments.js';
import { type CommandContext, createClient, createOutput, type GlobalOptions } from '../context.js';
import { CommandFailure } from '../output/errors.js';

/** `delete <id>`: deletes a file and says so. */
export function deleteCommand(context: CommandContext): Command {
  return new Command('delete')
    .description('delete a file')
    .argument('<id>', 'the file id (file-...)', nonBlank('the file id'))
    .action(async (id: string, _options: GlobalOptions, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      const deleted = await client.files.delete(id);
      output.result(deleted, { human: () => `Deleted ${deleted.id}.`, quiet: () => undefined });
      if (!deleted.deleted) {
        throw new CommandFailure(`delete ${id} failed: the service answered deleted: false. Try again.`, {
          resultPrinted: true,
        });
      }
    });
}
