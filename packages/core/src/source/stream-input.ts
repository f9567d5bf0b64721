import { TogetherError } from '../errors/together-error.js';
import type { FileInput } from './file-source.js';

/** Data that is not a file yet: a web `ReadableStream`, a Node `Readable`, or any `AsyncIterable<Uint8Array>`. */
export type StreamInput = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** What `files.upload` takes: a {@link FileInput}, or a {@link StreamInput} with a `filename`. */
export type UploadInput = FileInput | StreamInput;

/** The error of a stream upload where there is no disk to spool it to (browsers, Workers). */
export function streamNeedsNode(): TogetherError {
  return new TogetherError(
    'A stream can only be uploaded on Node, where it is first written to a temp file (the upload needs its ' +
      'length and checksum up front). Here pass a Blob or File, or a Uint8Array with `filename`.',
  );
}

/** True for a stream or async iterable (a Node `Readable` is both); false for a path, a Blob or bytes. */
export function isStreamInput(file: unknown): file is StreamInput {
  if (file === null || typeof file !== 'object' || file instanceof Uint8Array) return false;
  if (typeof Blob !== 'undefined' && file instanceof Blob) return false;
  return typeof (file as ReadableStream).getReader === 'function' || Symbol.asyncIterator in file;
}
