/**
 * The worker-thread entry of the server's dataset validation (built as `dist/validate-worker.{js,cjs}`, never
 * imported by the package's index): it runs the check on one stored file and posts the report. It runs in a thread
 * with a heap limit, so a hostile dataset can exhaust only this thread, never the server (issue 13, item 1).
 */
import { openAsBlob } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile } from '@together-files/check';
import type { UploadableFileType } from '@together-files/enums';

/** What the server hands the worker. */
export interface ValidateWorkerData {
  /** The stored file: its path, or its parts' paths in order. */
  source: string | string[];
  fileType: UploadableFileType;
}

const port = parentPort;
if (port !== null) {
  const { source, fileType } = workerData as ValidateWorkerData;
  // The parts become one Blob here, in the thread that reads it: a file-backed Blob made on the server's thread and
  // read in this one aborts Node 20 (a fatal V8 error in Blob::Reader, found by the workerd row of the matrix).
  const file =
    typeof source === 'string'
      ? Promise.resolve(source)
      : Promise.all(source.map((path) => openAsBlob(path))).then((parts) => new Blob(parts));
  file
    .then((opened) => checkFile(opened, { purpose: 'fine-tune', fileType }))
    .then(
      (report) => port.postMessage({ report }),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
}
