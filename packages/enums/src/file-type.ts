/**
 * File formats. The service accepts `jsonl`, `parquet` and `csv` (the official description's `FileType`,
 * openapi/upstream/files.yaml); `json` and `txt` are the seed document's, kept for older callers.
 */
export const FileType = {
  /** upstream (its default); together-python src/together/types/files.py too. */
  JSONL: 'jsonl',
  /** upstream; together-python src/together/types/files.py too. */
  PARQUET: 'parquet',
  /** upstream; together-python src/together/types/files.py too. */
  CSV: 'csv',
  /** seed only: the service's description does not list it. */
  JSON: 'json',
  /** seed only: the service's description does not list it. */
  TXT: 'txt',
} as const;

/** One of the values of {@link FileType}. */
export type FileType = (typeof FileType)[keyof typeof FileType];

/** The file types only the seed document names. */
export const SEED_ONLY_FILE_TYPES = [FileType.JSON, FileType.TXT] as const;

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
