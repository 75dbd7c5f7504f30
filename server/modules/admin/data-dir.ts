import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * The id of another process holding files open inside `dir`, or null. PGlite takes no
 * lock of its own and happily opens a directory another process is using (which can
 * corrupt it), but it keeps its data files open, so on Linux /proc shows who holds them.
 * Elsewhere this finds nothing.
 */
export function findProcessHoldingDir(dir: string): number | null {
  const root = path.resolve(dir) + path.sep;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's process
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(root)) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** Thrown when the embedded database is open in another process (usually the server). */
export class DatabaseInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already in use by process ${pid} ` +
        '(probably a running Iconocast server). Stop the server first, then try again.',
    );
    this.name = 'DatabaseInUseError';
  }
}

/** Throws DatabaseInUseError when another process has `dir` open. */
export function assertDataDirFree(dir: string): void {
  const pid = findProcessHoldingDir(dir);
  if (pid !== null) throw new DatabaseInUseError(dir, pid);
}
