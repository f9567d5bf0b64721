/**
 * Upload and download of one large file, single-part: our client beside the raw `node:http` floor and curl.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSize } from '../lib/options.mjs';
import { rawUpload } from '../lib/raw-http.mjs';
import { measureRounds } from '../lib/rounds.mjs';
import { transferRows } from './transfer-rows.mjs';

/** The label of our upload with every option at its default (check and one-read hash on). */
export const uploadDefaultsLabel = 'ours, defaults';

/**
 * Upload of `transferBytes` single-part: ours (check off, as the floors do not check) vs node:http vs curl -T, and
 * ours with the defaults (the check, with the sha256 from the same read; issue 12: within 1.3× the raw floor).
 */
export async function uploadCase(context) {
  const { settings, server } = context;
  const file = await context.dataFile(settings.transferBytes);
  const args = () => ({ baseURL: server.baseURL, apiKey: server.apiKey, file });
  const after = (result) => context.deleteFile(result.fileId);
  const rows = await measureRounds({
    rounds: settings.transferRounds,
    log: context.log,
    contenders: [
      { label: 'ours', task: 'upload-ours', args, after },
      { label: uploadDefaultsLabel, task: 'upload-ours', args: () => ({ ...args(), defaults: true }), after },
      { label: 'raw node:http', task: 'upload-raw-http', args, after },
      { label: 'curl -T', task: 'upload-curl', args, after },
    ],
  });
  return {
    id: 'upload',
    title: `Upload ${formatSize(settings.transferBytes)} single-part (${settings.transferRounds} rounds)`,
    bytes: settings.transferBytes,
    floor: 'raw node:http',
    ...transferRows(rows, settings.transferBytes, 'raw node:http'),
  };
}

/** Download of `transferBytes` to disk: ours (`retrieveContent` with `output`) vs node:http vs curl -o. */
export async function downloadCase(context) {
  const { settings, server } = context;
  const file = await context.dataFile(settings.transferBytes);
  const fileId = await rawUpload({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    file,
    filename: 'bench-download.jsonl',
  });
  let counter = 0;
  const args = () => ({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    fileId,
    output: join(context.workDir, `download-${counter++}.jsonl`),
  });
  const after = async (result) => {
    const { size } = await stat(result.output);
    if (size !== settings.transferBytes)
      throw new Error(`download wrote ${size} bytes, not ${settings.transferBytes}`);
    await rm(result.output);
  };
  try {
    const rows = await measureRounds({
      rounds: settings.transferRounds,
      log: context.log,
      contenders: [
        { label: 'ours', task: 'download-ours', args, after },
        { label: 'raw node:http', task: 'download-raw-http', args, after },
        { label: 'curl -o', task: 'download-curl', args, after },
      ],
    });
    return {
      id: 'download',
      title: `Download ${formatSize(settings.transferBytes)} to disk (${settings.transferRounds} rounds)`,
      bytes: settings.transferBytes,
      floor: 'raw node:http',
      ...transferRows(rows, settings.transferBytes, 'raw node:http'),
    };
  } finally {
    await context.deleteFile(fileId);
  }
}
