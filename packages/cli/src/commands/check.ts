import { stat } from 'node:fs/promises';
import { checkFile } from '@together-files/check';
import { UPLOADABLE_PURPOSES, type UploadablePurpose } from '@together-files/enums';
import { Command, Option } from 'commander';
import { nonBlank } from '../arguments.js';
import { type CommandContext, createOutput, type GlobalOptions } from '../context.js';
import { describeCheckLocation, renderCheckReport } from '../output/check-report.js';
import { CommandFailure } from '../output/errors.js';
import { purposeHint } from '../purpose-hint.js';

interface CheckOptions extends GlobalOptions {
  purpose: UploadablePurpose;
  strict?: boolean;
}

/** What to do about a failed check: a path that is no file is not fixed by editing it; a CSV wants another purpose. */
async function advice(file: string, options: CheckOptions): Promise<string> {
  const isFile = await stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!isFile) return 'Check the path.';
  return purposeHint(file, options.purpose) ?? 'Fix the file and check it again.';
}

/** `check <file>`: the local file check, offline; exits 1 when the file would be refused. */
export function checkCommand(context: CommandContext): Command {
  return new Command('check')
    .description('check a file locally, the way upload does (no API key needed); exit 1 when it fails')
    .argument('<file>', 'path of the file to check', nonBlank('the file path'))
    .addOption(
      new Option('--purpose <purpose>', 'the purpose to check for')
        .choices(UPLOADABLE_PURPOSES)
        .default('fine-tune'),
    )
    .option('--strict', 'fail on warnings too (semantic findings that the service would report)')
    .action(async (file: string, _options: CheckOptions, command: Command) => {
      const options = command.optsWithGlobals<CheckOptions>();
      const output = createOutput(context.io, options);
      const report = await checkFile(file, { purpose: options.purpose, signal: context.signal });
      output.result(report, { human: () => renderCheckReport(report, { file, colors: output.colors }) });
      if (!report.is_check_passed) {
        const location = describeCheckLocation(report);
        const reason = report.message.replace(/\.+$/, '');
        const where = location && !reason.toLowerCase().includes(location) ? ` (${location})` : '';
        throw new CommandFailure(
          `check of ${file} failed: ${reason}${where}. ${await advice(file, options)}`,
          {
            resultPrinted: true,
          },
        );
      }
      if (options.strict && report.warning_count > 0)
        throw new CommandFailure(
          `check of ${file} failed (--strict): ${report.warning_count} warning${report.warning_count === 1 ? '' : 's'}, the first: ${report.warnings[0]?.message}`,
          { resultPrinted: true },
        );
    });
}
