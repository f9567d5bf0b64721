/** Download floor: `GET /files/{id}/content` on bare `node:http`, piped into a file. */
import { getToFile } from '../lib/raw-http.mjs';

/** Downloads file `fileId` to `output`; returns the wall time and the byte count. */
export async function run({ baseURL, apiKey, fileId, output }) {
  const started = performance.now();
  const bytes = await getToFile(`${baseURL}/files/${encodeURIComponent(fileId)}/content`, output, {
    authorization: `Bearer ${apiKey}`,
    accept: 'application/binary',
  });
  return { ms: performance.now() - started, bytes, output };
}
