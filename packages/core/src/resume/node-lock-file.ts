/** A lock held by this process; `release` removes it. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Another live process holds the lock. */
export interface LockConflict {
  held: false;
  pid: number;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Takes the lock file `path`: created with `O_EXCL` (`wx`) holding our pid, so of two processes one wins. A lock
 * whose pid no longer runs (a process killed mid-transfer) is taken over: it is renamed away first (only one
 * process's rename succeeds), and put back if what was renamed turns out to be a live process's fresh lock.
 * Answers {@link LockConflict} when a running process (this one included) holds it.
 */
export async function acquireLock(path: string): Promise<HeldLock | LockConflict> {
  const { open, readFile, rename, link, unlink } = await import('node:fs/promises');
  const readPid = async (file: string) => Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      return { release: () => unlink(path).catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = await readPid(path);
    // An empty lock is one being written this instant: treat it as live.
    if (Number.isNaN(pid) || isRunning(pid)) return { held: false, pid: Number.isNaN(pid) ? 0 : pid };
    const aside = `${path}.${process.pid}.stale`;
    try {
      await rename(path, aside);
    } catch {
      continue;
    }
    const moved = await readPid(aside);
    if (moved !== pid && !Number.isNaN(moved) && isRunning(moved)) {
      // We took a live lock that replaced the stale one meanwhile: give it back (unless a newer one exists).
      await link(aside, path).catch(() => {});
    }
    await unlink(aside).catch(() => {});
  }
  return { held: false, pid: 0 };
}
