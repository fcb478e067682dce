import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockBusy } from '../errors';

/**
 * One run at a time. The lock is a file created with O_EXCL holding "pid starttime" (field 22 of
 * /proc/<pid>/stat, so a reused pid is not mistaken for the holder). A lock whose holder is gone (the
 * run was killed) is stale and is taken over, so a crash never leaves it stuck; a live holder means
 * LockBusy at once, never a wait.
 */
export interface Lock {
  release(): void;
}

function startTime(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) can hold spaces and parentheses: count fields after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderAlive(content: string): boolean {
  const [pidText, start] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = startTime(pid);
  return now !== undefined && (start === undefined || now === start);
}

export function acquireLock(path: string): Lock {
  mkdirSync(dirname(path), { recursive: true });
  const mine = `${process.pid} ${startTime('self') ?? ''}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch {
        continue; // released between our open and our read: try again
      }
      // a holder between its open and its write leaves an empty file for an instant: live unless it is old
      if (content === '' ? !emptyLockIsStale(path) : holderAlive(content)) {
        throw new LockBusy(path, content === '' ? 'starting' : `pid ${content.trim().split(' ')[0]}`);
      }
      removeIfUnchanged(path, content);
      continue;
    }
    writeSync(fd, mine);
    closeSync(fd);
    return { release: () => removeIfUnchanged(path, mine) };
  }
  throw new LockBusy(path, 'contended');
}

/** An empty lock older than this was left by a run killed between creating and writing it. */
const EMPTY_LOCK_STALE_MS = 10_000;

function emptyLockIsStale(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > EMPTY_LOCK_STALE_MS;
  } catch {
    return true;
  }
}

function removeIfUnchanged(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // already gone
  }
}
