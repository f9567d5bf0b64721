import type { CheckReport } from '@together-files/check';
import type { UploadablePurpose } from '@together-files/enums';
import { TogetherError } from '../errors/together-error.js';
import type { FilesContext } from '../http/create-files-context.js';
import type { UploadSettings } from '../multipart/plan.js';
import type { UploadResult } from '../operations/upload-result.js';
import { isStreamInput, streamNeedsNode, type UploadInput } from '../source/stream-input.js';
import type { ProgressListener } from '../transfer/progress.js';
import { runUpload } from './run-upload.js';

/** The arguments of `files.upload`. */
export interface UploadOptions {
  /**
   * A path (Node), a `Blob`/`File`, bytes, or data that is not a file yet: a web `ReadableStream`, a Node
   * `Readable` or an `AsyncIterable<Uint8Array>`, with `filename`. On Node a stream is written to a temp file first
   * (constant memory; removed afterwards); without a disk, pass a Blob or bytes instead.
   */
  file: UploadInput;
  /** What the file is for (default `fine-tune`); one of `fine-tune`, `eval`, `batch-api`. */
  purpose?: UploadablePurpose | undefined;
  /**
   * Run the dataset check first (default true): a structural error throws `FileCheckError` before any request;
   * semantic findings are warnings in the report, which the service checks itself. `'strict'` throws on warnings
   * too; `false` skips the check.
   */
  check?: boolean | 'strict' | undefined;
  /**
   * Receives the check's report once it passed, before any request: its warnings, for example, to show them
   * (the CLI prints them after the verdict). `TogetherSync` calls it on the caller's thread when the report comes
   * back from its worker, where the upload goes on meanwhile.
   */
  onCheckReport?: ((report: CheckReport) => void) | undefined;
  /** The name to store (its base name only); needed for bytes and unnamed Blobs. Its extension decides the type. */
  filename?: string | undefined;
  /** Upload progress: monotonic, at least every 1 % or 8 MiB. */
  onProgress?: ProgressListener | undefined;
  /** Cancels the upload (a multipart upload is aborted on the service too). */
  signal?: AbortSignal | undefined;
  /**
   * Continue a multipart upload of the same path that a crashed process left (default true): the client keeps a
   * journal of each multipart path upload in its state folder (`upload.stateDir`) until `complete`. `false`
   * neither reads nor writes one.
   */
  resume?: boolean | undefined;
}

/**
 * Uploads a file: validates everything locally first (purpose, file, name, type, then the check), then takes the
 * single-part flow up to the multipart threshold and the multipart flow above it.
 */
export async function uploadFile(
  context: FilesContext,
  options: UploadOptions,
  settings: UploadSettings = {},
): Promise<UploadResult> {
  const { file } = options;
  if (!isStreamInput(file)) return runUpload(context, { ...options, file }, settings);
  // A Node `fs.ReadStream` names its file (openai-node users pass `fs.createReadStream(path)`).
  const streamPath = (file as { path?: unknown }).path;
  const filename = options.filename ?? (typeof streamPath === 'string' ? streamPath : undefined);
  if (!filename) {
    throw new TogetherError('A stream needs a name: pass `filename` (e.g. "train.jsonl") with it.');
  }
  // The web build has no disk to spool to: the branch folds away there, and the spool module with it.
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) throw streamNeedsNode();
  else {
    const { withSpooledStream } = await import('../source/spool-stream.js');
    const spool = { filename, purpose: options.purpose, check: options.check, signal: options.signal };
    return withSpooledStream(file, spool, (path, spooled) =>
      runUpload(context, { ...options, file: path, filename }, settings, spooled),
    );
  }
}
