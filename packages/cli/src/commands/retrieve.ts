import { Command } from 'commander';
import { nonBlank } from '../arguments.js';
import { type CommandContext, createClient, createOutput, type GlobalOptions } from '../context.js';
import { renderFileDetails } from '../output/file-table.js';

/** `retrieve <id>`: one file's metadata. */
export function retrieveCommand(context: CommandContext): Command {
  return new Command('retrieve')
    .description("print a file's metadata")
    .argument('<id>', 'the file id (file-...)', nonBlank('the file id'))
    .action(async (id: string, _options: GlobalOptions, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      const file = await client.files.retrieve(id);
      output.result(file, { human: () => renderFileDetails(file, output.colors), quiet: () => file.id });
    });
}
