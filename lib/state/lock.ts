import { closeSync, linkSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockBusy, StateUnsaved, UsageError } from '../core/errors';
import { isStorageFailure, makeDir, openExclusive, untrustedDir, writeWhole } from '../io/file';

/**
 * One run at a time. The lock is a file holding "pid starttime" (field 22 of /proc/<pid>/stat, so a
 * reused pid is not mistaken for the holder), written beside it first and then hard-linked into place:
 * link(2) fails when the lock exists, and the lock is never seen empty or half written. A lock whose
 * holder is gone (the run was killed) is stale and is taken over, so a crash never leaves it stuck; a
 * live holder means LockBusy at once, never a wait.
 *
 * The directory is made when missing and must be trusted (lib/io/file.ts `untrustedDir`): one that
 * another user can write is a UsageError, as is one this user cannot create. One that is full,
 * read-only or not a directory is StateUnsaved: the caller samples on without a lock and without saving.
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
  return now !== undefined && (start === undefined || start === '' || now === start);
}

export function acquireLock(path: string): Lock {
  const dir = dirname(path);
  const mine = `${process.pid} ${startTime('self') ?? ''}\n`;
  const draft = `${path}.${process.pid}`;
  try {
    makeDir(dir);
    const problem = untrustedDir(dir);
    if (problem !== undefined)
      throw new UsageError(
        `state directory ${problem}; fix: chown it to this user and chmod go-w it, or use --state in a directory of this user's own`,
      );
    const fd = openExclusive(draft, 0o644);
    try {
      writeWhole(fd, Buffer.from(mine));
    } catch (err) {
      closeSync(fd);
      unlinkSync(draft);
      throw err;
    }
    closeSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(
        `cannot write the state directory ${dir} (${code}); fix: run as a user who can, or give a writable path with --state FILE (or XDG_STATE_HOME, or state: in the config)`,
      );
    }
    // mkdir -p answers EEXIST where a part of the path is a file
    if (code === 'EEXIST')
      throw new StateUnsaved(dir, Object.assign(new Error(`${dir}: not a directory`), { code: 'ENOTDIR' }));
    if (isStorageFailure(err)) throw new StateUnsaved(dir, err as Error);
    throw err;
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, path);
        return { release: () => removeIfUnchanged(path, mine) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch {
        continue; // released between our link and our read: try again
      }
      if (holderAlive(content)) throw new LockBusy(path, `pid ${content.trim().split(' ')[0]}`);
      removeIfUnchanged(path, content);
    }
    throw new LockBusy(path, 'contended');
  } finally {
    unlinkSync(draft);
  }
}

function removeIfUnchanged(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // already gone
  }
}
