/** Our promise client's download to disk (`retrieveContent` with `output`). */
import { Together } from '@together-files/client';

/** Downloads file `fileId` to `output`; returns the wall time and the byte count. */
export async function run({ baseURL, apiKey, fileId, output }) {
  const client = new Together({ apiKey, baseURL });
  const started = performance.now();
  const saved = await client.files.retrieveContent(fileId, { output });
  return { ms: performance.now() - started, bytes: saved.bytes, output };
}
