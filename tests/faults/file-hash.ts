/** Byte-exact comparison of a file on disk with the source it must equal. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** The sha256 (hex) of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Undefined when `path` has exactly the expected size and sha256; otherwise what differs. */
export async function verifyFile(
  path: string,
  expected: { bytes: number; sha256: string },
): Promise<string | undefined> {
  const size = (await stat(path).catch(() => undefined))?.size;
  if (size === undefined) return 'the output file is missing';
  if (size !== expected.bytes) return `the output file has ${size} bytes, not ${expected.bytes}`;
  if ((await sha256OfFile(path)) !== expected.sha256)
    return 'the output file has other bytes (sha256 differs)';
  return undefined;
}
