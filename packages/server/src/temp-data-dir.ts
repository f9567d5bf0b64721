import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'together-files-server-';

/** True unless the process is certainly gone (`ESRCH`); a process of another user still counts as running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temp stores of servers that died without `close()` (SIGKILL, a crash): folders named
 * `together-files-server-<pid>-…`, owned by this user, whose pid no longer runs. Anything else is left alone.
 */
async function removeStaleStores(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => []);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(/^together-files-server-(\d+)-/.exec(name)?.[1]);
      if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) return;
      const path = join(parent, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) return;
      await rm(path, { recursive: true, force: true }).catch(() => {});
    }),
  );
}

/** A fresh temp data folder named for this process, after removing those of dead ones. */
export async function createTempDataDir(): Promise<string> {
  await removeStaleStores(tmpdir());
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
}
