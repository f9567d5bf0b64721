import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { MAX_FILE_SIZE } from '@together-files/check/shared';
import { assertNoDuplicate, completeUpload, unixSeconds } from '../complete-upload.js';
import { newFileId } from '../file-id.js';
import { HttpError } from '../http/errors.js';
import { boundaryOf, type FormFileSink, parseMultipartForm } from '../http/multipart-form.js';
import { bodyChunks } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import type { RouteContext } from '../route-context.js';
import { BlobWriter, type WrittenBlob } from '../store/blob-writer.js';
import { parseUploadFields } from '../upload-fields.js';

async function readFileForm(request: IncomingMessage, tempPath: string) {
  const boundary = boundaryOf(request.headers['content-type']);
  if (!boundary) {
    throw new HttpError(400, 'Send the file as multipart/form-data with a boundary', {
      code: 'invalid_form',
    });
  }
  let writer: BlobWriter | undefined;
  let blob: WrittenBlob | undefined;
  let partFilename: string | undefined;
  try {
    const fields = await parseMultipartForm(bodyChunks(request), {
      boundary,
      onFile: async (part): Promise<FormFileSink | undefined> => {
        if (part.name !== 'file') return undefined;
        if (writer) throw new HttpError(400, 'The form has more than one file field', { param: 'file' });
        partFilename = part.filename;
        const current = await BlobWriter.create(tempPath);
        writer = current;
        return {
          write: async (chunk) => {
            if (current.bytes + chunk.length > MAX_FILE_SIZE) {
              throw new HttpError(400, 'The file is larger than 50.1 GiB', {
                param: 'file',
                code: 'file_too_large',
              });
            }
            await current.write(chunk);
          },
          end: async () => {
            blob = await current.finish();
          },
        };
      },
    });
    if (!blob) throw new HttpError(400, 'The form has no file field', { param: 'file' });
    // The spec names the file in `file_name`; the part's own file name stands in when a client leaves it out.
    if (!fields.file_name && partFilename) fields.file_name = partFilename;
    return { fields, blob };
  } catch (error) {
    await writer?.discard();
    throw error;
  }
}

/**
 * `POST /v1/files/upload`: a one-shot upload as multipart/form-data (`file`, `file_name`, `purpose`,
 * `file_type`), streamed to disk; answers the completed file.
 */
export async function uploadFile(context: RouteContext): Promise<void> {
  const { services } = context;
  const fileId = newFileId();
  const { fields, blob } = await readFileForm(context.request, services.store.tempPath(fileId));
  try {
    const upload = parseUploadFields(fields);
    await assertNoDuplicate(services, upload.checksum);
    const completed = await completeUpload(
      services,
      { fileId, fields: upload, createdAt: unixSeconds(), blobs: [blob], sha256: blob.sha256 },
      { diskFull: context.diskFull === true },
    );
    if (completed.duplicate) await unlink(blob.path).catch(() => {});
    sendJson(context.response, 200, completed.file);
  } catch (error) {
    await unlink(blob.path).catch(() => {});
    throw error;
  }
}
