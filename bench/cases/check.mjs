/**
 * The local file check of a large fine-tune JSONL: our streamed `checkFile` beside together-ai's `checkFile`.
 */
import { formatSize } from '../lib/options.mjs';
import { measureRounds } from '../lib/rounds.mjs';
import { transferRows } from './transfer-rows.mjs';

/** Times both checks on a `checkBytes` conversation dataset; both must pass it. */
export async function checkCase(context) {
  const { settings } = context;
  const file = await context.dataFile(settings.checkBytes);
  const rows = await measureRounds({
    rounds: settings.checkRounds,
    log: context.log,
    contenders: [
      { label: 'ours', task: 'check-ours', args: () => ({ file }) },
      { label: 'together-ai', task: 'check-official', args: () => ({ file }) },
    ],
  });
  for (const row of rows) {
    const failed = row.results.find((result) => !result.passed);
    if (failed) throw new Error(`${row.label} check did not pass the dataset: ${failed.message}`);
  }
  return {
    id: 'check',
    title: `File check of a ${formatSize(settings.checkBytes)} JSONL (${settings.checkRounds} rounds)`,
    bytes: settings.checkBytes,
    ...transferRows(rows, settings.checkBytes, 'together-ai'),
  };
}
