import type { FileObject } from '@together-files/types';
import Table from 'cli-table3';
import type { Colors } from './colors.js';
import { formatBytes, formatTimestamp } from './human-size.js';
import { printable } from './terminal-text.js';

/**
 * The processing state in one lower-case vocabulary: the service's `processing_status` (`pending`, `queued`,
 * `running`, `completed`, `failed`, `invalid format`), else `uploaded` once the bytes arrived (a file the service
 * does not process, such as a batch or eval file), else `pending`.
 */
export function describeStatus(file: FileObject): string {
  if (file.processing_status) return file.processing_status.toLowerCase().replace(/_/g, ' ');
  return file.Processed ? 'uploaded' : 'pending';
}

/** True for the statuses of processing that ended badly. */
export function isFailedStatus(status: string): boolean {
  return status === 'failed' || status === 'invalid format';
}

function colorStatus(status: string, colors: Colors): string {
  if (status === 'completed' || status === 'uploaded') return colors.green(status);
  if (isFailedStatus(status)) return colors.red(status);
  return colors.yellow(printable(status));
}

/**
 * The order of every listing the CLI prints (table, `--json`, `--quiet`): oldest first, so the newest file is the
 * last line, next to the prompt. Ties (the same second) go by id, so the order never depends on the service's.
 */
export function oldestFirst<T extends Pick<FileObject, 'created_at' | 'id'>>(files: readonly T[]): T[] {
  return [...files].sort(
    (left, right) => left.created_at - right.created_at || left.id.localeCompare(right.id),
  );
}

/** The `list` table: id, name, size, purpose, type, created (UTC) and processing status, in the order given. */
export function renderFileTable(files: readonly FileObject[], colors: Colors): string {
  if (files.length === 0) return colors.dim('No files.');
  const table = new Table({
    head: ['ID', 'NAME', 'SIZE', 'PURPOSE', 'TYPE', 'CREATED (UTC)', 'STATUS'].map((title) =>
      colors.bold(title),
    ),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'left', 'left', 'left', 'left'],
  });
  for (const file of files) {
    table.push([
      printable(file.id),
      printable(file.filename),
      formatBytes(file.bytes),
      printable(file.purpose),
      printable(file.FileType),
      formatTimestamp(file.created_at),
      colorStatus(describeStatus(file), colors),
    ]);
  }
  const count = `${files.length} file${files.length === 1 ? '' : 's'}`;
  const bytes = formatBytes(files.reduce((sum, file) => sum + file.bytes, 0));
  return `${table.toString()}\n${colors.dim(`${count}, ${bytes}`)}`;
}

/** One file as aligned `name  value` lines, for upload, retrieve and wait. */
export function renderFileDetails(file: FileObject, colors: Colors): string {
  const rows: Array<[string, string]> = [
    ['id', colors.bold(printable(file.id))],
    ['filename', printable(file.filename)],
    ['size', `${formatBytes(file.bytes)} (${file.bytes.toLocaleString('en-US')} bytes)`],
    ['purpose', printable(file.purpose)],
    ['type', printable(file.FileType)],
    ['created', `${formatTimestamp(file.created_at)} UTC`],
    ['status', colorStatus(describeStatus(file), colors)],
  ];
  if (file.LineCount !== undefined) rows.push(['lines', file.LineCount.toLocaleString('en-US')]);
  const error = file.validation_report?.error;
  if (error) rows.push(['error', colors.red(printable(error))]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${colors.dim(name.padEnd(width))}  ${value}`).join('\n');
}
