/**
 * Multipart upload of a large file in fixed parts at concurrency 1, 2 and 4, beside our own single-part upload of
 * the same file (the official Python SDK holds whole parts in memory; we stream them from disk).
 */
import { formatSize } from '../lib/options.mjs';
import { measureRounds } from '../lib/rounds.mjs';
import { transferRows } from './transfer-rows.mjs';

/** Times ours single-part and multipart ×1, ×2, ×4 on a `multipartBytes` file in `partBytes` parts. */
export async function multipartCase(context) {
  const { settings, server } = context;
  const file = await context.dataFile(settings.multipartBytes);
  const after = (result) => context.deleteFile(result.fileId);
  const contender = (label, multipart) => ({
    label,
    task: 'upload-ours',
    args: () => ({ baseURL: server.baseURL, apiKey: server.apiKey, file, multipart }),
    after,
  });
  const parts = (concurrency) => ({
    multipartThreshold: settings.partBytes,
    partSize: settings.partBytes,
    concurrency,
  });
  const rows = await measureRounds({
    rounds: settings.multipartRounds,
    log: context.log,
    contenders: [
      contender('ours single-part', { multipartThreshold: settings.multipartBytes }),
      contender('multipart ×1', parts(1)),
      contender('multipart ×2', parts(2)),
      contender('multipart ×4', parts(4)),
    ],
  });
  return {
    id: 'multipart',
    title:
      `Multipart upload ${formatSize(settings.multipartBytes)}, ${formatSize(settings.partBytes)} parts ` +
      `(${settings.multipartRounds} rounds)`,
    bytes: settings.multipartBytes,
    ...transferRows(rows, settings.multipartBytes, 'ours single-part'),
  };
}
