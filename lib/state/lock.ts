import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockBusy } from '../errors';

/**
 * One run at a time. The lock is a file holding "pid starttime" (field 22 of /proc/<pid>/stat, so a
 * reused pid is not mistaken for the holder), written beside it first and then hard-linked into place:
 * link(2) fails when the lock exists, and the lock is never seen empty or half written. A lock whose
 * holder is gone (the run was killed) is stale and is taken over, so a crash never leaves it stuck; a
 * live holder means LockBusy at once, never a wait.
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
  mkdirSync(dirname(path), { recursive: true });
  const mine = `${process.pid} ${startTime('self') ?? ''}\n`;
  const draft = `${path}.${process.pid}`;
  writeFileSync(draft, mine, { mode: 0o644 });
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
