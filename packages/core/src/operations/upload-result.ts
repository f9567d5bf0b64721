import type { UploadablePurpose } from '@together-files/enums';
import type { FilesContext } from '../http/create-files-context.js';
import type { FileResult } from './decorate.js';
import { retrieveFile } from './file-operations.js';
import type { UploadJob } from './upload-single.js';

/**
 * What an upload adds to the file object when the service already had the same bytes (it answered 409 with the
 * existing `file_id`, and nothing was sent). Absent on a fresh upload, so a fresh result holds only wire fields.
 * Snake case, like the wire fields beside it; these are enumerable, so `JSON.stringify` and the sync client keep them.
 */
export interface UploadOutcome {
  /** `true` when no new file was made: the returned file is the one stored earlier with the same content. */
  readonly already_existed?: true;
  /** The purpose this upload asked for, when the existing file has another one (the service kept its own). */
  readonly requested_purpose?: UploadablePurpose;
  /** The filename this upload asked for, when the existing file is stored under another one. */
  readonly requested_filename?: string;
}

/** What `files.upload` resolves to: the file object, plus {@link UploadOutcome} when the bytes were there already. */
export type UploadResult = FileResult & UploadOutcome;

/**
 * The result of an upload that the service answered "duplicate": the existing file, marked as such, with the
 * purpose and filename that were asked for when they differ. The progress ends at the size, as a sent upload's does.
 */
export async function existingFileResult(
  context: FilesContext,
  fileId: string,
  job: UploadJob,
): Promise<UploadResult> {
  const file = await retrieveFile(context, fileId, { signal: job.signal });
  context.logger.info(`A file with this checksum exists already: ${fileId}`);
  job.progress.update(job.source.size);
  const outcome: { -readonly [Key in keyof UploadOutcome]: UploadOutcome[Key] } = { already_existed: true };
  if (file.purpose !== job.purpose) outcome.requested_purpose = job.purpose;
  if (file.filename !== job.source.name) outcome.requested_filename = job.source.name;
  return Object.assign(file, outcome);
}
