import {
  type CheckOptions,
  type CheckReport,
  checkFile,
  contentStream,
  type DownloadResult,
  deleteFile,
  type FileInput,
  type FileListResult,
  type FileResult,
  type FilesContext,
  listFiles,
  type ProgressListener,
  type RequestOptions,
  retrieveContentText,
  retrieveContentToFile,
  retrieveFile,
  type UploadOptions,
  type UploadResult,
  type UploadSettings,
  uploadFile,
  type WaitOptions,
  type WithRequestId,
  waitForProcessing,
} from '@together-files/core';
import type { FileDeleteResponse } from '@together-files/types';

/** Options of `retrieveContent` that stream the bytes to a file instead of returning them. */
export interface RetrieveContentToFileOptions extends RequestOptions {
  /** Where to write (its folder must exist); written to a temp file first, renamed when complete. */
  output: string;
  /** Download progress: monotonic, at least every 1 % or 8 MiB. */
  onProgress?: ProgressListener | undefined;
  /**
   * Continue the partial file a process that died left beside `output` (default true), with `Range` and
   * `If-Range`; `false` drops it and starts at byte 0.
   */
  resume?: boolean | undefined;
}

/** What `files.list()` returns: the promise of the list, which `for await` also walks file by file. */
export type FileListPromise = Promise<FileListResult> & AsyncIterable<FileResult>;

/** The `files` resource: every operation of the Files API. Each method is a thin call into `@together-files/core`. */
export class Files {
  readonly #context: FilesContext;
  readonly #upload: UploadSettings;

  /** @internal Created by {@link Together}. */
  constructor(context: FilesContext, upload: UploadSettings) {
    this.#context = context;
    this.#upload = upload;
  }

  /**
   * Uploads a file (checked first unless `check: false`); single-part up to the multipart threshold, else multipart.
   * When the service has these bytes already, nothing is sent and the result is that file with `already_existed: true`.
   */
  upload(options: UploadOptions): Promise<UploadResult> {
    return uploadFile(this.#context, options, this.#upload);
  }

  /** Lists the account's files. */
  list(options?: RequestOptions): FileListPromise {
    const listed = listFiles(this.#context, options);
    // openai-node's habit, `for await (const file of client.files.list())`: the service answers one page, so the
    // iterator walks that list (the `for await` form of openai-node's auto-pagination, without the pages).
    return Object.assign(listed, {
      async *[Symbol.asyncIterator]() {
        yield* (await listed).data;
      },
    });
  }

  /**
   * openai-node's name for {@link Files.upload} (`client.files.create({ file, purpose })`), so code written for it
   * reads the same; it is the same method.
   */
  create(options: UploadOptions): Promise<UploadResult> {
    return this.upload(options);
  }

  /** One file's metadata. */
  retrieve(id: string, options?: RequestOptions): Promise<FileResult> {
    return retrieveFile(this.#context, id, options);
  }

  /** The content as a string (refused beyond 100 MiB), or with `output`, streamed to disk → `{ path, bytes, sha256 }`. */
  // The `output` overload comes first: a value typed RetrieveContentToFileOptions also fits RequestOptions.
  retrieveContent(id: string, options: RetrieveContentToFileOptions): Promise<WithRequestId<DownloadResult>>;
  retrieveContent(id: string, options?: RequestOptions): Promise<string>;
  retrieveContent(
    id: string,
    options?: RequestOptions | RetrieveContentToFileOptions,
  ): Promise<string | WithRequestId<DownloadResult>> {
    if (options && 'output' in options) return retrieveContentToFile(this.#context, id, options);
    return retrieveContentText(this.#context, id, options);
  }

  /** The content as a `ReadableStream` for streaming readers; resolves once the response has started. */
  content(id: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    return contentStream(this.#context, id, options);
  }

  /** Deletes a file. */
  delete(id: string, options?: RequestOptions): Promise<WithRequestId<FileDeleteResponse>> {
    return deleteFile(this.#context, id, options);
  }

  /** Runs the local file check (no network) and returns its report; never throws for a bad file. */
  check(file: FileInput, options?: CheckOptions): Promise<CheckReport> {
    return checkFile(file, options);
  }

  /** Polls until the service's processing of the file is final, and returns the file. */
  waitForProcessing(id: string, options?: WaitOptions): Promise<FileResult> {
    return waitForProcessing(this.#context, id, options);
  }
}
