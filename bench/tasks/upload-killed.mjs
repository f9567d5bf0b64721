/**
 * A multipart upload that dies part-way, as a crash does: the process SIGKILLs itself once `killAt` bytes went out,
 * leaving the journal in `stateDir` (issue 15's resume figures). It prints its result line first, synchronously.
 */
import { writeSync } from 'node:fs';
import { Together } from '@together-files/client';

/** Uploads `file` until `killAt` bytes were sent, then dies; the printed result has the bytes sent and the time. */
export async function run({ baseURL, apiKey, file, multipart, killAt }) {
  const client = new Together({ apiKey, baseURL, upload: multipart });
  const started = performance.now();
  await client.files.upload({
    file,
    purpose: 'fine-tune',
    check: false,
    onProgress: ({ loaded }) => {
      if (loaded < killAt) return;
      const result = { ms: performance.now() - started, sentBytes: loaded, killed: true };
      result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
      writeSync(1, `\n@@result ${JSON.stringify(result)}\n`);
      process.kill(process.pid, 'SIGKILL');
    },
  });
  throw new Error(`the upload ended before ${killAt} bytes were sent`);
}
