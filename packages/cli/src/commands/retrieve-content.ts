import { once } from 'node:events';
import { Command } from 'commander';
import {
  type CommandContext,
  createClient,
  createOutput,
  type GlobalOptions,
  type Output,
} from '../context.js';
import { UsageError } from '../output/errors.js';
import { formatBytes } from '../output/human-size.js';
import type { TransferUpdate } from '../output/progress.js';

interface RetrieveContentOptions extends GlobalOptions {
  output?: string;
}

type Client = ReturnType<typeof createClient>;

/** Streams the content to stdout with backpressure; the progress total comes from the file's metadata. */
async function streamToStdout(options: {
  client: Client;
  id: string;
  output: Output;
  context: CommandContext;
}) {
  const { client, id, output, context } = options;
  const progress = output.progress('download');
  const total = output.showsProgress ? await sizeForProgress(client, id) : 0;
  const stdout = context.io.stdout;
  let loaded = 0;
  try {
    const reader = (await client.files.content(id, { signal: context.signal })).getReader();
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        loaded += read.value.byteLength;
        if (total > 0) progress.update({ loaded, total });
        if (!stdout.write(read.value)) await once(stdout, 'drain', { signal: context.signal });
      }
    } catch (error) {
      // Stops the download when writing failed or Ctrl-C aborted the wait for stdout.
      await reader.cancel(error).catch(() => {});
      throw error;
    }
  } finally {
    progress.stop();
  }
}

async function sizeForProgress(client: Client, id: string): Promise<number> {
  // Only worth a request when a bar will be drawn; the bytes themselves carry no total.
  try {
    return (await client.files.retrieve(id)).bytes;
  } catch {
    return 0;
  }
}

/** `retrieve-content <id>`: downloads a file to --output (temp file, then renamed) or streams it to stdout. */
export function retrieveContentCommand(context: CommandContext): Command {
  return new Command('retrieve-content')
    .description("download a file's content to --output, or to stdout")
    .argument('<id>', 'the file id (file-...)')
    .option('-o, --output <path>', 'write the content to this file (without it the bytes go to stdout)')
    .action(async (id: string, _options: RetrieveContentOptions, command: Command) => {
      const options = command.optsWithGlobals<RetrieveContentOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      if (options.output === undefined) {
        if (output.json) {
          throw new UsageError(
            'retrieve-content --json needs --output <path>: without it stdout carries the bytes.',
          );
        }
        await streamToStdout({ client, id, output, context });
        return;
      }
      const progress = output.progress('download');
      try {
        const saved = await client.files.retrieveContent(id, {
          output: options.output,
          onProgress: (update: TransferUpdate) => progress.update(update),
          signal: context.signal,
        });
        progress.stop();
        output.result(
          { id, ...saved },
          {
            human: () => `Saved ${formatBytes(saved.bytes)} to ${saved.path}\nsha256 ${saved.sha256}`,
            quiet: () => saved.path,
          },
        );
      } finally {
        progress.stop();
      }
    });
}
