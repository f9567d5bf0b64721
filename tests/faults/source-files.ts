/**
 * Local files for the reliability suite: a JSONL fine-tune dataset of about `bytes` bytes whose content is unique to
 * its seed (so the server's checksum deduplication never merges two uploads), with its sha256.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { type Random, randomInt, seededRandom } from './seeded-random.js';

/** A file on disk and what its bytes must hash to wherever they end up. */
export interface SourceFile {
  path: string;
  bytes: number;
  sha256: string;
}

function sentence(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += `${randomInt(random, 0, 1e9).toString(36)} `;
  return text.slice(0, length).trim();
}

/** Writes a dataset of at least `bytes` bytes (whole lines) at `path`, unique to `seed`. */
export async function writeSourceFile(path: string, bytes: number, seed: number): Promise<SourceFile> {
  const random = seededRandom(seed);
  const lines: string[] = [];
  let size = 0;
  const unique = `sample ${seed}`;
  // A few distinct lines repeated keep generation cheap; the first line makes the whole file unique.
  const pool = Array.from({ length: 64 }, () =>
    JSON.stringify({
      messages: [
        { role: 'user', content: sentence(random, randomInt(random, 20, 400)) },
        { role: 'assistant', content: sentence(random, randomInt(random, 20, 600)) },
      ],
    }),
  );
  lines.push(
    JSON.stringify({
      messages: [
        { role: 'user', content: unique },
        { role: 'assistant', content: 'ok' },
      ],
    }),
  );
  size += lines[0]!.length + 1;
  let index = 0;
  while (size < bytes) {
    const line = pool[index++ % pool.length]!;
    lines.push(line);
    size += line.length + 1;
  }
  const data = Buffer.from(`${lines.join('\n')}\n`);
  await writeFile(path, data);
  return { path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
