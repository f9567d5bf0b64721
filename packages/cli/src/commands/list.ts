import { Command } from 'commander';
import { type CommandContext, createClient, createOutput, type GlobalOptions } from '../context.js';
import { oldestFirst, renderFileTable } from '../output/file-table.js';

/** `list`: every file of the account, oldest first: a table, the list with --json, the ids with --quiet. */
export function listCommand(context: CommandContext): Command {
  return new Command('list')
    .description('list the files, oldest first: id, name, size, purpose, type, created, processing status')
    .action(async (_options: GlobalOptions, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      const listed = await client.files.list();
      const list = { ...listed, data: oldestFirst(listed.data) };
      output.result(list, {
        human: () => renderFileTable(list.data, output.colors),
        quiet: () => list.data.map((file) => file.id).join('\n'),
      });
    });
}
