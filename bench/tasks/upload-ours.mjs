/** Our promise client's upload (single-part, or multipart when `multipart` options are given). */
import { Together } from '@together-files/client';

/** Uploads `file`; returns the wall time and the new file's id. */
export async function run({ baseURL, apiKey, file, check = false, multipart }) {
  const client = new Together({ apiKey, baseURL, upload: multipart });
  const started = performance.now();
  const uploaded = await client.files.upload({ file, purpose: 'fine-tune', check });
  return { ms: performance.now() - started, fileId: uploaded.id };
}
