import {
  FILE_TYPES_BY_PURPOSE,
  fileTypeFromName,
  UPLOADABLE_PURPOSES,
  type UploadablePurpose,
} from '@together-files/enums';

/**
 * When the file's extension is not taken by `purpose` but is by another (a CSV for fine-tuning), the sentence that
 * names the flag that works: `--purpose eval takes .csv files.` Otherwise undefined.
 */
export function purposeHint(name: string, purpose: UploadablePurpose): string | undefined {
  const fileType = fileTypeFromName(name);
  if (!fileType || FILE_TYPES_BY_PURPOSE[purpose].includes(fileType)) return undefined;
  const others = UPLOADABLE_PURPOSES.filter((other) => FILE_TYPES_BY_PURPOSE[other].includes(fileType));
  if (others.length === 0) return undefined;
  return `${others.map((other) => `--purpose ${other}`).join(' or ')} takes .${fileType} files.`;
}

/** The usage error's text for an extension `purpose` does not take: what it takes, then {@link purposeHint}. */
export function purposeMismatch(name: string, purpose: UploadablePurpose): string | undefined {
  const hint = purposeHint(name, purpose);
  if (hint === undefined) return undefined;
  const accepted = FILE_TYPES_BY_PURPOSE[purpose].map((type) => `.${type}`).join(', ');
  return `--purpose ${purpose} takes ${accepted} files; ${hint}`;
}
