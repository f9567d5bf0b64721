import type { FileObject } from '@together-files/types';
import Table from 'cli-table3';
import type { Colors } from './colors.js';
import { formatBytes, formatTimestamp } from './human-size.js';

/** The processing state a person wants to see: the service's `processing_status`, else whether bytes arrived. */
export function describeStatus(file: FileObject): string {
  if (file.processing_status) return file.processing_status;
  return file.Processed ? 'uploaded' : 'pending';
}

function colorStatus(status: string, colors: Colors): string {
  if (status === 'COMPLETED' || status === 'uploaded') return colors.green(status);
  if (status === 'FAILED' || status === 'INVALID_FORMAT') return colors.red(status);
  return colors.yellow(status);
}

/** The `list` table: id, name, size, purpose, type, created (UTC) and processing status, newest first. */
export function renderFileTable(files: readonly FileObject[], colors: Colors): string {
  if (files.length === 0) return colors.dim('No files.');
  const table = new Table({
    head: ['ID', 'NAME', 'SIZE', 'PURPOSE', 'TYPE', 'CREATED (UTC)', 'STATUS'].map((title) =>
      colors.bold(title),
    ),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'left', 'left', 'left', 'left'],
  });
  const newestFirst = [...files].sort((left, right) => right.created_at - left.created_at);
  for (const file of newestFirst) {
    table.push([
      file.id,
      file.filename,
      formatBytes(file.bytes),
      file.purpose,
      file.FileType,
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
    ['id', colors.bold(file.id)],
    ['filename', file.filename],
    ['size', `${formatBytes(file.bytes)} (${file.bytes.toLocaleString('en-US')} bytes)`],
    ['purpose', file.purpose],
    ['type', file.FileType],
    ['created', `${formatTimestamp(file.created_at)} UTC`],
    ['status', colorStatus(describeStatus(file), colors)],
  ];
  if (file.LineCount !== undefined) rows.push(['lines', file.LineCount.toLocaleString('en-US')]);
  const error = file.validation_report?.error;
  if (error) rows.push(['error', colors.red(error)]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${colors.dim(name.padEnd(width))}  ${value}`).join('\n');
}
