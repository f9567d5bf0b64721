import { checkFile } from '@together-files/check';
import type { UploadableFileType } from '@together-files/enums';
import type { ProcessingStatus, ValidationReport } from '@together-files/types';

/** The outcome of the server-side validation of a fine-tune file, as its file object carries it. */
export interface DatasetValidation {
  processing_status: ProcessingStatus;
  validation_report: ValidationReport;
}

/** What to validate. */
export interface ValidateDatasetOptions {
  fileId: string;
  fileType: UploadableFileType;
  signal?: AbortSignal;
}

/**
 * Validates a stored fine-tune file (its path, or a Blob of its parts) with the same streamed check the SDK runs locally (`checkFile` of core):
 * `COMPLETED` when it passes, `INVALID_FORMAT` with the failure as `error` when not, `FAILED` when the check
 * itself broke.
 */
export async function validateDataset(
  source: string | Blob,
  options: ValidateDatasetOptions,
): Promise<DatasetValidation> {
  try {
    const report = await checkFile(source, {
      purpose: 'fine-tune',
      fileType: options.fileType,
      ...(options.signal && { signal: options.signal }),
    });
    const details = {
      file_id: options.fileId,
      ...(report.num_samples !== null && { nlines: report.num_samples }),
      ...(report.dataset_format && { dataset_format: report.dataset_format }),
    };
    if (report.is_check_passed) {
      return { processing_status: 'COMPLETED', validation_report: { valid: true, ...details } };
    }
    return {
      processing_status: 'INVALID_FORMAT',
      validation_report: {
        valid: false,
        ...details,
        error: report.message,
        error_type: 'INVALID_FORMAT',
      },
    };
  } catch (error) {
    return {
      processing_status: 'FAILED',
      validation_report: {
        valid: false,
        file_id: options.fileId,
        error: `Validation failed: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}
