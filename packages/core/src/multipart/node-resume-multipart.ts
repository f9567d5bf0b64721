import type { MultipartInitiateResponse } from '@together-files/types';
import { NotFoundError, PermissionDeniedError } from '../errors/api-error.js';
import { APIUserAbortError } from '../errors/connection-errors.js';
import { TogetherError } from '../errors/together-error.js';
import { UploadError } from '../errors/upload-errors.js';
import type { FilesContext } from '../http/create-files-context.js';
import type { FileResult } from '../operations/decorate.js';
import { earliestExpiry } from '../resume/url-expiry.js';
import type { ProgressReporter } from '../transfer/progress.js';
import { abort, complete, type MultipartJob, putParts } from './multipart-steps.js';
import {
  identify,
  openUploadJournal,
  type SourceIdentity,
  staleReason,
  type UploadJournal,
} from './node-upload-journal.js';

/** A journal this process holds, with the source's identity as read when it was opened. */
interface OpenJournal {
  journal: UploadJournal;
  identity: SourceIdentity;
}

/** What the multipart flow asks of the journal (loaded on Node only, for path uploads). */
export interface JournalSession {
  /** Continues the upload an earlier process left, when there is one; see {@link resumeUpload}. */
  resume(): Promise<ResumeOutcome>;
  /** Writes the journal of a freshly initiated upload, with the sha256 it sent; a failure is logged, never fatal. */
  begin(upload: MultipartInitiateResponse, checksum: string | undefined): Promise<void>;
  /** Records a confirmed part. */
  confirm(partNumber: number, etag: string): Promise<void>;
  /** Deletes the journal (complete or abort). */
  remove(): Promise<void>;
  /** Lets the lock go. */
  release(): Promise<void>;
  /** The error of the caller's abort once `confirmedParts` are kept: the upload is paused, not aborted. */
  paused(confirmedParts: number, cause: unknown): APIUserAbortError;
}

/**
 * Opens the journal of a path upload ({@link openJournalFor}) as a {@link JournalSession}, or `undefined` when
 * there is none to keep.
 */
export async function openJournalSession(
  context: FilesContext,
  job: MultipartJob,
): Promise<JournalSession | undefined> {
  const opened = await openJournalFor(context, job);
  if (!opened) return undefined;
  const { journal, identity } = opened;
  const confirm = confirmInto(context, journal);
  return {
    resume: async () => (journal.saved ? resumeUpload(context, job, opened) : {}),
    begin: (upload, checksum) =>
      journal
        .start({
          version: 1,
          baseURL: context.options.baseURL,
          uploadId: upload.upload_id,
          fileId: upload.file_id,
          purpose: job.purpose,
          filename: job.source.name,
          fileType: job.fileType,
          source: { ...identity, ...(checksum !== undefined && { checksum }) },
          parts: job.parts,
          urls: upload.parts,
          urlsExpireAt: earliestExpiry(upload.parts.map((part) => part.URL)),
          confirmed: {},
        })
        .catch((error) => context.logger.warn('Cannot write the upload journal', error)),
    confirm,
    remove: () => journal.remove(),
    release: () => journal.release(),
    paused: (confirmedParts, cause) => pausedError(job, confirmedParts, cause),
  };
}

/**
 * The caller's abort of a journaled upload pauses it, as a crash would: the upload stays open on the service and
 * the journal keeps the confirmed parts, so the next upload of the same path resumes (a Ctrl-C on a 50 GiB upload
 * costs the parts in flight, not the upload). Without a journal (`resume: false`, bytes, Blobs) an abort aborts.
 */
function pausedError(job: MultipartJob, confirmedParts: number, cause: unknown): APIUserAbortError {
  const parts = job.parts.length;
  return new APIUserAbortError({
    message:
      `Upload paused: ${confirmedParts} of ${parts} parts are uploaded and kept in its journal; upload the same ` +
      'path again (same purpose and filename) to resume, or pass resume: false to start anew.',
    cause,
    paused: { confirmedParts, parts },
  });
}

/**
 * Opens the upload journal of a path upload with `resume` on, or `undefined` (bytes and Blobs have no identity to
 * check across processes). Another live process uploading the same path makes this throw, so one of two wins
 * cleanly; a state folder that cannot be used is logged, and the upload goes on without a journal.
 */
async function openJournalFor(context: FilesContext, job: MultipartJob): Promise<OpenJournal | undefined> {
  if (job.source.kind !== 'path') return undefined;
  const { path } = job.source;
  let opened: Awaited<ReturnType<typeof openUploadJournal>>;
  let identity: SourceIdentity;
  try {
    // The sha256 is known here when the check's read computed it: a resume then compares it as well.
    identity = { ...(await identify(path)), ...(job.checksum !== undefined && { checksum: job.checksum }) };
    opened = await openUploadJournal(
      {
        baseURL: context.options.baseURL,
        path: identity.path,
        purpose: job.purpose,
        filename: job.source.name,
      },
      job.stateDir,
    );
  } catch (error) {
    context.logger.warn('Cannot keep an upload journal; this upload cannot resume after a crash', error);
    return undefined;
  }
  if ('busy' in opened) {
    throw new TogetherError(
      `Another process${opened.pid ? ` (pid ${opened.pid})` : ''} is uploading ${identity.path} right now; ` +
        'wait for it, or pass resume: false to upload a separate copy.',
    );
  }
  return { journal: opened, identity };
}

/** Records confirmed parts in the journal; a journal that cannot be written is logged, never fatal to the upload. */
function confirmInto(context: FilesContext, journal: UploadJournal) {
  return (partNumber: number, etag: string): Promise<void> =>
    journal
      .confirm(partNumber, etag)
      .catch((error) => context.logger.warn('Cannot write the upload journal', error));
}

/** True for the answers that mean the service no longer takes this upload: a refused URL, an unknown upload. */
function uploadGone(error: unknown): boolean {
  const cause = error instanceof UploadError ? error.cause : error;
  return cause instanceof PermissionDeniedError || cause instanceof NotFoundError;
}

/** What {@link resumeUpload} came to: the file, or a fresh start (with the reporter already made, if any). */
export type ResumeOutcome =
  | { file: FileResult }
  | { file?: undefined; progress?: ProgressReporter | undefined };

/**
 * Continues the upload an earlier process journaled: when the source, the plan and the URLs still hold, only the
 * unconfirmed parts are PUT, then `complete`. A changed source, expired URLs, or a service that no longer knows
 * the upload (403 on a part, 404 on complete) abort the old upload and ask for a fresh one instead.
 */
async function resumeUpload(
  context: FilesContext,
  job: MultipartJob,
  { journal, identity }: OpenJournal,
): Promise<ResumeOutcome> {
  const saved = journal.saved!;
  const { logger } = context;
  const old = { upload_id: saved.uploadId, file_id: saved.fileId };
  const reason = staleReason(saved, {
    source: identity,
    parts: job.parts,
    fileType: job.fileType,
    time: Date.now(),
  });
  if (reason) {
    logger.info(`Not resuming multipart upload ${saved.uploadId}: ${reason}; starting anew.`);
    await abort(context, old, { mayBeGone: true });
    await journal.remove();
    return {};
  }
  const etags = new Map<number, string>();
  let bytes = 0;
  for (const part of job.parts) {
    const etag = saved.confirmed[String(part.partNumber)];
    if (etag === undefined) continue;
    etags.set(part.partNumber, etag);
    bytes += part.end - part.start;
  }
  logger.info(
    `Resuming multipart upload ${saved.uploadId}: ${etags.size} of ${job.parts.length} parts already uploaded.`,
  );
  const progress = job.startProgress({ parts: etags.size, bytes });
  const upload: MultipartInitiateResponse = { ...old, parts: saved.urls };
  try {
    await putParts(context, job, upload, {
      progress,
      etags,
      onConfirmed: confirmInto(context, journal),
    });
    const file = await complete(context, upload, etags, job.signal);
    await journal.remove();
    return { file };
  } catch (error) {
    if (job.signal?.aborted && !uploadGone(error)) throw pausedError(job, etags.size, error);
    await abort(context, old, { mayBeGone: true });
    await journal.remove();
    if (!uploadGone(error)) throw error;
    logger.info(`The service no longer takes multipart upload ${saved.uploadId}; starting anew.`);
    return { progress };
  }
}
