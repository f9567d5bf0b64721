/** Our promise client's upload (single-part, or multipart when `multipart` options are given). */
import { Together } from '@together-files/client';

/**
 * Uploads `file`; returns the wall time and the new file's id. `defaults: true` leaves every upload option at its
 * default (the check and the one-read hash included); otherwise `check` (default off, as the floors do not check).
 */
export async function run({ baseURL, apiKey, file, check = false, defaults = false, multipart }) {
  const client = new Together({ apiKey, baseURL, upload: multipart });
  const started = performance.now();
  // A resumed upload's first progress call says how many bytes an earlier process had confirmed.
  let resumedBytes = 0;
  const onProgress = (progress) => {
    if (progress.resumed) resumedBytes = progress.resumed.bytes;
  };
  const uploaded = await client.files.upload(
    defaults ? { file, purpose: 'fine-tune', onProgress } : { file, purpose: 'fine-tune', check, onProgress },
  );
  return { ms: performance.now() - started, fileId: uploaded.id, resumedBytes };
}
