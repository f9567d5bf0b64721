/** Download peer: `curl -o` of `GET /files/{id}/content`. */
import { stat } from 'node:fs/promises';
import { runCurl } from '../lib/curl.mjs';

/** Downloads file `fileId` to `output`; returns the wall time, curl's peak RSS and the byte count. */
export async function run({ baseURL, apiKey, fileId, output }) {
  const started = performance.now();
  const { peakRssBytes } = await runCurl([
    '--fail',
    '--header',
    `Authorization: Bearer ${apiKey}`,
    '--header',
    'Accept: application/binary',
    '--output',
    output,
    `${baseURL}/files/${encodeURIComponent(fileId)}/content`,
  ]);
  const ms = performance.now() - started;
  return { ms, peakRssBytes, bytes: (await stat(output)).size, output };
}
