/** Upload floor: the single-part flow on bare `node:http`, piping the file into the PUT. */
import { basename } from 'node:path';
import { rawUpload } from '../lib/raw-http.mjs';

/** Uploads `file`; returns the wall time and the new file's id. */
export async function run({ baseURL, apiKey, file }) {
  const started = performance.now();
  const fileId = await rawUpload({ baseURL, apiKey, file, filename: basename(file) });
  return { ms: performance.now() - started, fileId };
}
