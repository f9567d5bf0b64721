import { createReadStream } from 'node:fs';
import { BlobWriter, type WrittenBlob } from './blob-writer.js';

/** Streams the parts, in order, into one new fsynced blob at `path`. */
export async function concatenateParts(parts: readonly WrittenBlob[], path: string): Promise<WrittenBlob> {
  const writer = await BlobWriter.create(path);
  try {
    for (const part of parts) {
      for await (const chunk of createReadStream(part.path, { highWaterMark: 1024 * 1024 })) {
        await writer.write(chunk as Buffer);
      }
    }
    return await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
