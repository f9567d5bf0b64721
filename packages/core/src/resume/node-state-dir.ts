import { readEnv } from '../http/options.js';

/** The environment variable naming the state folder when the client option `upload.stateDir` does not. */
export const STATE_DIR_ENV = 'TOGETHER_FILES_STATE_DIR';

/**
 * Where upload journals live: the client option `upload.stateDir`, else `TOGETHER_FILES_STATE_DIR`, else a
 * per-user cache folder: `$XDG_CACHE_HOME/together-files` (or `~/.cache/together-files`) on Linux and other
 * Unixes, `~/Library/Caches/together-files` on macOS, `%LOCALAPPDATA%\together-files\Cache` on Windows. Node only.
 */
export async function resolveStateDir(option: string | undefined): Promise<string> {
  const [{ homedir, platform }, { join, resolve }] = await Promise.all([
    import('node:os'),
    import('node:path'),
  ]);
  const chosen = option ?? readEnv(STATE_DIR_ENV);
  if (chosen) return resolve(chosen);
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Caches', 'together-files');
    case 'win32':
      return join(readEnv('LOCALAPPDATA') ?? join(home, 'AppData', 'Local'), 'together-files', 'Cache');
    default:
      return join(readEnv('XDG_CACHE_HOME') ?? join(home, '.cache'), 'together-files');
  }
}
