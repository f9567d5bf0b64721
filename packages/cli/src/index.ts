/**
 * together-files, the command line of Together's Files API. The binary is `together-files` (dist/bin.js); this
 * entry lets other tools run it in-process and reuse its terminal output (tables, sizes, progress bars).
 */
export { type CliIo, type CliStream, type GlobalOptions, toJson } from './context.js';
export { renderCheckReport } from './output/check-report.js';
export { type Colors, colorsFor } from './output/colors.js';
export { CommandFailure, type DescribedError, describeError, ExitCode, UsageError } from './output/errors.js';
export { describeStatus, renderFileDetails, renderFileTable } from './output/file-table.js';
export { formatBytes, formatDuration, formatRate, formatTimestamp } from './output/human-size.js';
export {
  createTransferProgress,
  silentProgress,
  type TransferProgress,
  type TransferProgressOptions,
  type TransferUpdate,
} from './output/progress.js';
export { createProgram, version } from './program.js';
export { Interrupted, type RunOptions, run } from './run.js';
