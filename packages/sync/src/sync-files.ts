import type {
  CheckReport,
  DownloadResult,
  FileDeleteResponse,
  FileListResult,
  FileResult,
  ProgressListener,
  RequestOptions,
  RetrieveContentToFileOptions,
  UploadOptions,
  UploadResult,
  WaitOptions,
  WithRequestId,
} from '@together-files/client';
import {
  type CheckOptions,
  type FileInput,
  isStreamInput,
  type Logger,
  TogetherError,
} from '@together-files/core';
import type { SyncSettings } from './options.js';
import { isShortCall, type MethodName } from './protocol.js';
import type { HostCall, NodeCallback, WorkerHost } from './worker-host.js';

/** A file to check or upload: a path (read in the worker), a `Blob`, or bytes (copied to the worker). No stream. */
export type SyncFileInput = FileInput;

type Callback<T> = NodeCallback<T>;

/**
 * The promise client's upload options without streams: a stream cannot cross to the worker, so write it to a file
 * first, or upload it with `Together`, which spools it itself.
 */
export type SyncUploadOptions = Omit<UploadOptions, 'file'> & { file: SyncFileInput };

/**
 * The `files` resource of `TogetherSync`: the methods of the promise client's `files`, each blocking (returns the
 * value, throws the error) or, when the last argument is a function, taking a Node-style callback and returning at
 * once. A `signal` can only fire in the callback form; a blocking call merely refuses one that already fired.
 */
export class SyncFiles {
  readonly #host: WorkerHost;
  readonly #settings: SyncSettings;
  readonly #logger: Logger;

  /** @internal Created by `TogetherSync`. */
  constructor(options: { host: WorkerHost; settings: SyncSettings; logger: Logger }) {
    this.#host = options.host;
    this.#settings = options.settings;
    this.#logger = options.logger;
  }

  /** Uploads a file (checked first unless `check: false`); the worker reads a path itself. */
  upload(options: SyncUploadOptions): UploadResult;
  upload(options: SyncUploadOptions, callback: Callback<UploadResult>): void;
  upload(options: SyncUploadOptions, callback?: Callback<UploadResult>): UploadResult | undefined {
    const refused = streamRefusal(options.file);
    if (refused !== undefined) {
      if (callback === undefined) throw refused;
      setImmediate(() => (callback as NodeCallback<unknown>)(refused, undefined));
      return;
    }
    // The worker runs the check and sends its report back; the listener runs here, as the promise client's does.
    const { onProgress, signal, onCheckReport, ...rest } = options;
    const plain = { ...rest, file: transferable(rest.file), filename: rest.filename ?? fileName(rest.file) };
    return this.#call('upload', [plain], { onProgress, onCheckReport, signal }, callback);
  }

  /** Lists the account's files. */
  list(options?: RequestOptions): FileListResult;
  list(callback: Callback<FileListResult>): void;
  list(options: RequestOptions | undefined, callback: Callback<FileListResult>): void;
  list(...args: unknown[]): FileListResult | undefined {
    const [options, callback] = split<RequestOptions>(args, 0);
    return this.#call('list', [], options, callback);
  }

  /** One file's metadata. */
  retrieve(id: string, options?: RequestOptions): FileResult;
  retrieve(id: string, callback: Callback<FileResult>): void;
  retrieve(id: string, options: RequestOptions | undefined, callback: Callback<FileResult>): void;
  retrieve(id: string, ...args: unknown[]): FileResult | undefined {
    const [options, callback] = split<RequestOptions>(args, 0);
    return this.#call('retrieve', [id], options, callback);
  }

  /** The content as a string, or with `output`, written to disk by the worker → `{ path, bytes, sha256 }`. */
  // The `output` overloads come first: options typed as RetrieveContentToFileOptions also fit RequestOptions.
  retrieveContent(id: string, options: RetrieveContentToFileOptions): WithRequestId<DownloadResult>;
  retrieveContent(id: string, options?: RequestOptions): string;
  retrieveContent(
    id: string,
    options: RetrieveContentToFileOptions,
    callback: Callback<WithRequestId<DownloadResult>>,
  ): void;
  retrieveContent(id: string, callback: Callback<string>): void;
  retrieveContent(id: string, options: RequestOptions | undefined, callback: Callback<string>): void;
  retrieveContent(id: string, ...args: unknown[]): string | WithRequestId<DownloadResult> | undefined {
    const [options, callback] = split<Partial<RetrieveContentToFileOptions>>(args, 0);
    return this.#call('retrieveContent', [id], options, callback);
  }

  /** Deletes a file. */
  delete(id: string, options?: RequestOptions): WithRequestId<FileDeleteResponse>;
  delete(id: string, callback: Callback<WithRequestId<FileDeleteResponse>>): void;
  delete(
    id: string,
    options: RequestOptions | undefined,
    callback: Callback<WithRequestId<FileDeleteResponse>>,
  ): void;
  delete(id: string, ...args: unknown[]): WithRequestId<FileDeleteResponse> | undefined {
    const [options, callback] = split<RequestOptions>(args, 0);
    return this.#call('delete', [id], options, callback);
  }

  /** Runs the local file check (in the worker, no network) and returns its report; never throws for a bad file. */
  check(file: SyncFileInput, options?: CheckOptions): CheckReport;
  check(file: SyncFileInput, callback: Callback<CheckReport>): void;
  check(file: SyncFileInput, options: CheckOptions | undefined, callback: Callback<CheckReport>): void;
  check(file: SyncFileInput, ...args: unknown[]): CheckReport | undefined {
    const [options, callback] = split<CheckOptions>(args, 0);
    const refused = streamRefusal(file);
    if (refused !== undefined) {
      if (callback === undefined) throw refused;
      setImmediate(() => (callback as NodeCallback<unknown>)(refused, undefined));
      return;
    }
    return this.#call('check', [transferable(file)], options, callback);
  }

  /** Polls until the service's processing of the file is final, and returns the file. */
  waitForProcessing(id: string, options?: WaitOptions): FileResult;
  waitForProcessing(id: string, callback: Callback<FileResult>): void;
  waitForProcessing(id: string, options: WaitOptions | undefined, callback: Callback<FileResult>): void;
  waitForProcessing(id: string, ...args: unknown[]): FileResult | undefined {
    const [options, callback] = split<WaitOptions>(args, 0);
    return this.#call('waitForProcessing', [id], options, callback);
  }

  /** Strips the functions and signal off `options`, sends the rest, and blocks or calls back. */
  #call<T>(
    method: MethodName,
    args: unknown[],
    options: CallListeners | undefined,
    callback: Callback<T> | undefined,
  ): T | undefined {
    // The quick calls usually come without options: nothing to take apart, nothing to copy.
    const { budget } = this.#settings;
    // The long calls (uploads, downloads, the check, waiting) get the budget as an idle deadline: the worker reports
    // while it works, and the promise client's own timeouts watch the network.
    const idle = !isShortCall(method);
    let call: HostCall;
    if (options === undefined) {
      call = { method, args, onProgress: undefined, signal: undefined, budget, idle };
    } else {
      const { onProgress, onCheckReport, signal, ...plain } = options;
      // The options travel as the last argument, so `upload`'s own come first and are not repeated.
      call = {
        method,
        args: method === 'upload' ? args : [...args, plain],
        onProgress: onProgress && this.#guard('onProgress', onProgress),
        onCheckReport: onCheckReport && this.#guard('onCheckReport', onCheckReport),
        signal,
        budget,
        idle,
      };
    }
    if (callback === undefined) return this.#host.callBlocking(call) as T;
    this.#host.callWithCallback(call, callback as NodeCallback<unknown>);
  }

  /** As in the promise client, a throwing `onProgress` or `onCheckReport` is logged and the upload goes on. */
  #guard<T>(name: string, listener: (value: T) => void): (value: T) => void {
    return (value) => {
      try {
        listener(value);
      } catch (error) {
        this.#logger.warn(`${name} threw`, error);
      }
    };
  }
}

/** The functions and signal of a call's options: they stay on this thread. */
interface CallListeners {
  onProgress?: ProgressListener | undefined;
  onCheckReport?: ((report: CheckReport) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Splits `[options?, callback?]` from the arguments after the fixed ones. */
function split<T>(args: unknown[], from: number): [T | undefined, Callback<never> | undefined] {
  const last = args.length > from ? args[args.length - 1] : undefined;
  if (typeof last !== 'function') return [args[from] as T | undefined, undefined];
  return [(args.length - from > 1 ? args[from] : undefined) as T | undefined, last as Callback<never>];
}

/**
 * A stream cannot cross to the worker (Node's structured clone refuses a `Readable` or a generator, and a web stream
 * would have to be transferred away from the caller), so it is refused here with what to pass instead.
 */
function streamRefusal(file: unknown): TogetherError | undefined {
  if (!isStreamInput(file)) return undefined;
  return new TogetherError(
    'TogetherSync cannot take a stream (a Node Readable, a web ReadableStream or an async iterable): it cannot ' +
      'cross to the worker thread. Pass a path (write the stream to a file first) or the bytes as a Uint8Array ' +
      'with `filename`, or upload the stream with the promise client `Together`, which spools it to a temp file.',
  );
}

/** Bytes cross by copy; a view into a larger buffer is cut out first, so only its own bytes are copied. */
function transferable(file: SyncFileInput): SyncFileInput {
  if (file instanceof Uint8Array && (file.byteOffset !== 0 || file.byteLength !== file.buffer.byteLength)) {
    return new Uint8Array(file);
  }
  return file;
}

/** A `File` loses its name when cloned to another thread, so the name travels as `filename`. */
function fileName(file: SyncFileInput): string | undefined {
  return typeof File !== 'undefined' && file instanceof File ? file.name : undefined;
}
