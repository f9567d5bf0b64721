import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './store/atomic-file.js';

/**
 * The HMAC key of the storage URLs of one data folder (`signing-key`, created on first start). Keeping it with the
 * data makes the part URLs of an unfinished multipart upload still valid after a restart, as S3's presigned URLs
 * stay valid until they expire whatever happens to the servers behind them.
 */
export async function loadSigningKey(dataDir: string, tempDir: string): Promise<Buffer> {
  const path = join(dataDir, 'signing-key');
  const saved = await readFile(path, 'utf8').catch(() => '');
  if (/^[0-9a-f]{64}$/.test(saved.trim())) return Buffer.from(saved.trim(), 'hex');
  const key = randomBytes(32);
  await writeFileAtomic(path, key.toString('hex'), tempDir);
  return key;
}
