import { once } from 'node:events';
import { lstat } from 'node:fs/promises';
import { baseName } from '@together-files/core';
import { Command } from 'commander';
import { nonBlank } from '../arguments.js';
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
  force?: boolean;
  resume: boolean;
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

/**
 * Where a download goes when stdout is a terminal and no --output was given (the Python CLI's habit): the file's own
 * name in the current folder. Only its base name, without control characters; the id when nothing is left.
 * An existing file is kept unless --force.
 */
async function defaultOutput(client: Client, id: string, force: boolean): Promise<string> {
  const { filename } = await client.files.retrieve(id);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = baseName(filename).replace(/[\u0000-\u001f\u007f]/g, '_');
  const path = name === '' || name === '.' || name === '..' ? id : name;
  if (!force && (await exists(path))) {
    throw new UsageError(
      `retrieve-content would write ${path}, which exists already: pass --force to replace it, -o <path> for another name, or pipe stdout.`,
    );
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * `retrieve-content <id>`: downloads a file to --output (temp file, then renamed); without --output, to the file's
 * name when stdout is a terminal, else streamed to stdout.
 */
export function retrieveContentCommand(context: CommandContext): Command {
  return new Command('retrieve-content')
    .description("download a file's content to --output, or to stdout")
    .argument('<id>', 'the file id (file-...)', nonBlank('the file id'))
    .option(
      '-o, --output <path>',
      "write the content to this file (default: the file's name when stdout is a terminal, else stdout)",
    )
    .option('--force', "replace an existing file of the file's name (without --output, on a terminal)")
    .option('--no-resume', 'start at byte 0 instead of continuing the partial file a killed run left')
    .action(async (id: string, _options: RetrieveContentOptions, command: Command) => {
      const options = command.optsWithGlobals<RetrieveContentOptions>();
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env);
      const toTerminal = context.io.stdout.isTTY === true;
      if (options.output === undefined && !toTerminal) {
        if (output.json) {
          throw new UsageError(
            'retrieve-content --json needs --output <path>: without it stdout carries the bytes.',
          );
        }
        await streamToStdout({ client, id, output, context });
        return;
      }
      const path = options.output ?? (await defaultOutput(client, id, options.force === true));
      const progress = output.progress('download');
      try {
        let resumedNoted = false;
        const saved = await client.files.retrieveContent(id, {
          output: path,
          onProgress: (update: TransferUpdate & { resumed?: { bytes: number } }) => {
            if (update.resumed && !resumedNoted) {
              resumedNoted = true;
              output.note(
                `resuming: ${formatBytes(update.resumed.bytes)} of ${formatBytes(update.total)} already downloaded`,
              );
            }
            progress.update(update);
          },
          resume: options.resume,
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
