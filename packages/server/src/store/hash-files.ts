import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The sha256 (lowercase hex) of the files' bytes one after another, read in 1 MiB chunks. */
export async function sha256OfFiles(paths: readonly string[], signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    for await (const chunk of createReadStream(path, {
      highWaterMark: 1024 * 1024,
      ...(signal && { signal }),
    })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash.digest('hex');
}
