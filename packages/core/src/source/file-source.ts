import { baseName } from '@together-files/check/shared';
import { TogetherError } from '../errors/together-error.js';
import { isNode } from '../runtime.js';

/** What can be uploaded or checked: a path (Node), a `Blob`/`File`, or bytes. */
export type FileInput = string | Blob | Uint8Array;

/** A file to upload, resolved: its name, size and where its bytes come from (re-readable, so retries can resend). */
export type FileSource =
  | { kind: 'path'; name: string; size: number; path: string }
  | { kind: 'blob'; name: string; size: number; blob: Blob }
  | { kind: 'bytes'; name: string; size: number; bytes: Uint8Array };

// The base name is what the service stores as `filename`; the check reads the extension off the same one.
export { baseName };

/**
 * Resolves `file` into a {@link FileSource}, failing with a clear {@link TogetherError} (before any request) on a
 * missing path, a directory, an empty file or a missing name. `filename` overrides the name; only its base is kept.
 */
export async function resolveFileSource(
  file: FileInput,
  options: { filename?: string | undefined } = {},
): Promise<FileSource> {
  const name = (fallback: string | undefined) => {
    const chosen = baseName(options.filename ?? fallback ?? '');
    if (!chosen || chosen === '.' || chosen === '..') {
      throw new TogetherError(
        'A file name is needed: pass `filename` (e.g. "train.jsonl") with bytes or a Blob.',
      );
    }
    return chosen;
  };
  if (typeof file === 'string') return resolvePath(file, name);
  if (typeof Blob !== 'undefined' && file instanceof Blob) {
    const fileName = (file as { name?: unknown }).name;
    const source = {
      kind: 'blob',
      name: name(typeof fileName === 'string' ? fileName : undefined),
      size: file.size,
      blob: file,
    } as const;
    return nonEmpty(source, source.name);
  }
  if (file instanceof Uint8Array) {
    return nonEmpty(
      { kind: 'bytes', name: name(undefined), size: file.byteLength, bytes: file },
      'the bytes',
    );
  }
  throw new TogetherError('`file` must be a path, a Blob/File or a Uint8Array.');
}

async function resolvePath(path: string, name: (fallback: string) => string): Promise<FileSource> {
  if (!path) throw new TogetherError('`file` is an empty path.');
  // The web build has no file system: the condition folds to true there, and the reading below goes with it.
  if ((typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) || !isNode())
    throw new TogetherError('A path can only be read on Node; in a browser pass a File or Blob.');
  const { stat } = await import('node:fs/promises');
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TogetherError(`File not found: ${path}`);
    throw new TogetherError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (!stats.isFile()) throw new TogetherError(`Not a regular file: ${path}`);
  return nonEmpty({ kind: 'path', name: name(path), size: stats.size, path }, path);
}

function nonEmpty<T extends FileSource>(source: T, label: string): T {
  if (source.size === 0) throw new TogetherError(`File is empty: ${label}`);
  return source;
}
