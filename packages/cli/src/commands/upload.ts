import { UPLOADABLE_PURPOSES, type UploadablePurpose } from '@together-files/enums';
import { Command, Option } from 'commander';
import { type CommandContext, createClient, createOutput, type GlobalOptions } from '../context.js';
import { renderFileDetails } from '../output/file-table.js';

interface UploadOptions extends GlobalOptions {
  purpose: UploadablePurpose;
  check: boolean;
  filename?: string;
}

/** `upload <file>`: checks the file, uploads it with a live progress bar, then prints the file object. */
export function uploadCommand(context: CommandContext): Command {
  return new Command('upload')
    .description('upload a file (checked locally first), with a progress bar; prints the file object')
    .argument('<file>', 'path of the file to upload (.jsonl, .parquet or .csv)')
    .addOption(
      new Option('--purpose <purpose>', 'what the file is for')
        .choices(UPLOADABLE_PURPOSES)
        .default('fine-tune'),
    )
    .option('--no-check', 'skip the local file check')
    .option('--filename <name>', "the name to store the file under (default: the file's base name)")
    .action(async (file: string, _options: UploadOptions, command: Command) => {
      const options = command.optsWithGlobals<UploadOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      const progress = output.progress('upload');
      try {
        const uploaded = await client.files.upload({
          file,
          purpose: options.purpose,
          check: options.check,
          ...(options.filename !== undefined && { filename: options.filename }),
          onProgress: (update) => progress.update(update),
          signal: context.signal,
        });
        progress.stop();
        output.result(uploaded, {
          human: () => renderFileDetails(uploaded, output.colors),
          quiet: () => uploaded.id,
        });
      } finally {
        progress.stop();
      }
    });
}
