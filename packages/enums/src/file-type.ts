/** File formats. The service accepts `jsonl`, `parquet` and `csv`; `json` and `txt` are kept for older callers. */
export const FileType = {
  JSONL: 'jsonl',
  PARQUET: 'parquet',
  CSV: 'csv',
  JSON: 'json',
  TXT: 'txt',
} as const;

/** One of the values of {@link FileType}. */
export type FileType = (typeof FileType)[keyof typeof FileType];

/** The file types the service accepts for upload, in the order messages name them. */
export const UPLOADABLE_FILE_TYPES = [FileType.JSONL, FileType.PARQUET, FileType.CSV] as const;

/** A file type the service accepts for upload. */
export type UploadableFileType = (typeof UPLOADABLE_FILE_TYPES)[number];

const fileTypes: ReadonlySet<string> = new Set(Object.values(FileType));

/** True when `value` is a file type the service knows. */
export function isFileType(value: unknown): value is FileType {
  return typeof value === 'string' && fileTypes.has(value);
}

/**
 * The uploadable file type a name's extension stands for (case-insensitive), or `undefined` when the extension
 * is missing or not one the service accepts. Works on bare names and on paths with `/` or `\` separators.
 */
export function fileTypeFromName(name: string): UploadableFileType | undefined {
  const base = name.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = base.slice(dot + 1).toLowerCase();
  return (UPLOADABLE_FILE_TYPES as readonly string[]).includes(extension)
    ? (extension as UploadableFileType)
    : undefined;
}
