import type { CheckReport } from '@together-files/check';
import { UPLOADABLE_PURPOSES, type UploadablePurpose } from '@together-files/enums';
import { Command, Option } from 'commander';
import { nonBlank } from '../arguments.js';
import {
  type CommandContext,
  createClient,
  createOutput,
  type GlobalOptions,
  type Output,
} from '../context.js';
import { renderCheckWarnings } from '../output/check-report.js';
import { UsageError } from '../output/errors.js';
import { renderFileDetails } from '../output/file-table.js';
import { purposeMismatch } from '../purpose-hint.js';
import { bytesOption, type TransferFlags, uploadSettings } from '../transfer-settings.js';

interface UploadOptions extends GlobalOptions, TransferFlags {
  resume: boolean;
  purpose: UploadablePurpose;
  check: boolean;
  strict?: boolean;
  filename?: string;
}

type UploadResult = Awaited<ReturnType<ReturnType<typeof createClient>['files']['upload']>>;

/** A name with a folder in it would be stored under its last segment only; say so rather than drop the rest. */
function checkStoredName(filename: string): void {
  const base = filename.split(/[/\\]/).pop() ?? '';
  if (base === filename) return;
  throw new UsageError(
    `--filename takes a name, not a path: ${JSON.stringify(filename)} would be stored as ${JSON.stringify(base)}. Pass --filename ${base || '<name>'}.`,
  );
}

/** The upload made no new file: say which one it is, and what it kept that differs from what was asked. */
function reportExisting(uploaded: UploadResult, output: Output): void {
  if (!uploaded.already_existed) return;
  output.note(`already uploaded as ${uploaded.id} (the service had the same bytes; nothing was sent)`);
  if (uploaded.requested_purpose !== undefined) {
    output.warn(
      `${uploaded.id} keeps its purpose ${uploaded.purpose}, not ${uploaded.requested_purpose} as asked (same content, same file).`,
    );
  }
  if (uploaded.requested_filename !== undefined) {
    output.warn(
      `${uploaded.id} keeps its name ${uploaded.filename}, not ${uploaded.requested_filename} as asked (same content, same file).`,
    );
  }
}

/** `upload <file>`: checks the file, uploads it with a live progress bar, then prints the file object. */
export function uploadCommand(context: CommandContext): Command {
  return new Command('upload')
    .description('upload a file (checked locally first), with a progress bar; prints the file object')
    .argument('<file>', 'path of the file to upload (.jsonl, .parquet or .csv)', nonBlank('the file path'))
    .addOption(
      new Option('--purpose <purpose>', 'what the file is for')
        .choices(UPLOADABLE_PURPOSES)
        .default('fine-tune'),
    )
    .option('--no-check', 'skip the local check')
    .option('--strict', 'refuse the upload on check warnings too, not only on errors')
    .option('--filename <name>', "the name to store the file under (default: the file's base name)")
    .option(
      '--multipart-threshold <bytes>',
      'go multipart above this size (default 5GiB; env TOGETHER_FILES_MULTIPART_THRESHOLD)',
      bytesOption('--multipart-threshold'),
    )
    .option(
      '--part-size <bytes>',
      'multipart part size (default 250MiB; env TOGETHER_FILES_PART_SIZE)',
      bytesOption('--part-size'),
    )
    .option('--concurrency <parts>', 'parts in flight at once (default 4; env TOGETHER_FILES_CONCURRENCY)')
    .option('--no-resume', 'start anew instead of continuing a multipart upload a crashed run left')
    .action(async (file: string, _options: UploadOptions, command: Command) => {
      const options = command.optsWithGlobals<UploadOptions>();
      if (options.filename !== undefined) checkStoredName(options.filename);
      const mismatch = purposeMismatch(options.filename ?? file, options.purpose);
      if (mismatch) throw new UsageError(`cannot upload ${file}: ${mismatch}`);
      const output = createOutput(context.io, options);
      const client = createClient(options, context.io.env, uploadSettings(options, context.io.env));
      const progress = output.progress('upload');
      let resumedNoted = false;
      let checked: CheckReport | undefined;
      try {
        const uploaded = await client.files.upload({
          file,
          purpose: options.purpose,
          check: options.check && options.strict ? 'strict' : options.check,
          onCheckReport: (report) => {
            checked = report;
          },
          ...(options.filename !== undefined && { filename: options.filename }),
          onProgress: (update) => {
            if (update.resumed && !resumedNoted) {
              resumedNoted = true;
              output.note(
                `resuming: ${update.resumed.parts} of ${update.parts ?? '?'} parts already uploaded`,
              );
            }
            progress.update(update);
          },
          resume: options.resume,
          signal: context.signal,
        });
        progress.stop();
        reportExisting(uploaded, output);
        output.result(uploaded, {
          human: () => renderFileDetails(uploaded, output.colors),
          quiet: () => uploaded.id,
        });
        // After the verdict (the file was taken), what the check would have the service report: on stderr.
        if (checked !== undefined)
          for (const line of renderCheckWarnings(checked, output.colors)) output.note(line);
      } finally {
        progress.stop();
      }
    });
}
