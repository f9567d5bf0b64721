import { TogetherError } from '../errors/together-error.js';
import type { FilesContext } from '../http/create-files-context.js';
import { streamDownload } from '../transfer/stream-download.js';
import { type ContentToFileOptions, contentURL, MAX_TEXT_CONTENT } from './content.js';
import type { WithRequestId } from './decorate.js';
import type { DownloadResult } from './download-to-file.js';
import type { RequestOptions } from './file-operations.js';

/**
 * A file's content as text (UTF-8). Refuses files over `maxBytes` (default 100 MiB), pointing to `output`;
 * the download resumes after interruptions like every other.
 */
export async function retrieveContentText(
  context: FilesContext,
  id: string,
  options: RequestOptions & { maxBytes?: number } = {},
): Promise<string> {
  const url = contentURL(context, id);
  const limit = options.maxBytes ?? MAX_TEXT_CONTENT;
  const tooLarge = (size: number) =>
    new TogetherError(
      `File ${id} is ${size} bytes, more than the ${limit} bytes returned as a string: pass { output: 'path' } to stream it to disk.`,
    );
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  const chunks = streamDownload(context, {
    url,
    signal: options.signal,
    onStart({ total }) {
      if (total !== undefined && total > limit) throw tooLarge(total);
    },
  });
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(size);
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Streams a file's content to `output` (Node): partial file, size check, rename; resumed across processes. */
export async function retrieveContentToFile(
  context: FilesContext,
  id: string,
  options: RequestOptions & ContentToFileOptions,
): Promise<WithRequestId<DownloadResult>> {
  // No file system in the web build: the branch folds away there, and download-to-file.ts with it.
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) {
    throw new TogetherError(
      'Downloading to a path (`output`) needs Node, Bun or Deno. Here read the content as text, or as a stream.',
    );
  } else {
    const { downloadToFile } = await import('./download-to-file.js');
    return downloadToFile(context, { url: contentURL(context, id), ...options });
  }
}

/**
 * A file's content as a web `ReadableStream`, pulled with backpressure; the first response has arrived when the
 * promise resolves (so a 404 rejects it), and interruptions later resume transparently with `Range`.
 */
export async function contentStream(
  context: FilesContext,
  id: string,
  options: RequestOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const url = contentURL(context, id);
  let started!: () => void;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const chunks = streamDownload(context, { url, signal: options.signal, onStart: () => started() });
  // Pulling the first chunk makes the request; hold it until the stream's reader asks.
  const first = chunks.next();
  await Promise.race([ready, first]);
  let pending: Promise<IteratorResult<Uint8Array>> | undefined = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const result = await (pending ?? chunks.next());
        pending = undefined;
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
