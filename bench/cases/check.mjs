/**
 * The local file check of a large fine-tune JSONL: our streamed `checkFile` beside together-ai's `checkFile`, and
 * our check with the upload's sha256 fed from the same read (issue 12 point 5: at most 1.1× the check alone).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { formatSize } from '../lib/options.mjs';
import { measureRounds } from '../lib/rounds.mjs';
import { formatDuration } from '../lib/stats.mjs';
import { transferRows } from './transfer-rows.mjs';

/** The label of the row that checks and hashes in one read. */
export const checkHashLabel = 'ours check+hash';

/** Times the checks on a `checkBytes` conversation dataset; all must pass it, and the one-read digest must be right. */
export async function checkCase(context) {
  const { settings } = context;
  const file = await context.dataFile(settings.checkBytes);
  const expected = await sha256Of(file);
  const rows = await measureRounds({
    rounds: settings.checkRounds,
    log: context.log,
    contenders: [
      { label: 'ours', task: 'check-ours', args: () => ({ file }) },
      { label: checkHashLabel, task: 'check-ours', args: () => ({ file, hash: true }) },
      { label: 'together-ai', task: 'check-official', args: () => ({ file }) },
    ],
  });
  for (const row of rows) {
    const failed = row.results?.find((result) => !result.passed);
    if (failed) throw new Error(`${row.label} check did not pass the dataset: ${failed.message}`);
    const wrong = row.results?.find((result) => result.sha256 !== undefined && result.sha256 !== expected);
    if (wrong) throw new Error(`${row.label} computed sha256 ${wrong.sha256}, the file's is ${expected}`);
  }
  const table = transferRows(rows, settings.checkBytes, 'together-ai');
  // Beside the wall time, the CPU time of every thread of the process: on a machine whose cores the check keeps
  // busy, the hash can only be as cheap as the CPU it adds (see the note under the table in bench/README.md).
  const ours = rows.find((row) => row.label === 'ours' && !row.error);
  table.header.push('CPU', 'vs ours');
  table.lines.forEach((line, index) => {
    const row = rows[index];
    const cpu = row.results?.every((result) => result.cpuMs !== undefined)
      ? row.results.map((result) => result.cpuMs).sort((a, b) => a - b)[row.results.length >> 1]
      : undefined;
    line.push(
      cpu === undefined ? '' : formatDuration(cpu),
      ours && !row.error ? `${(row.ms.median / ours.ms.median).toFixed(2)}×` : '',
    );
  });
  return {
    id: 'check',
    title: `File check of a ${formatSize(settings.checkBytes)} JSONL (${settings.checkRounds} rounds)`,
    bytes: settings.checkBytes,
    ...table,
  };
}

async function sha256Of(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk);
  return hash.digest('hex');
}
