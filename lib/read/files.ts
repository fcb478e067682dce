import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors';
import { naturalOrder } from '../sources/read';

/** A rotated archive of `base`: base.1, base.2.gz (logrotate's numbers) or base-20251123(.gz) (its dateext). */
const rotatedOf = (base: string): RegExp =>
  new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.\\d+|-\\d{8}(\\d{2})?)?(\\.gz)?$`);

/**
 * The files to read: those named (a directory stands for every file in it), or, when none is named,
 * the configured log with all its rotated archives beside it. Order does not matter: samples are
 * merged by time afterwards.
 */
export function findLogs(named: readonly string[], defaultLog: string): string[] {
  if (named.length === 0) {
    const dir = dirname(defaultLog);
    const pattern = rotatedOf(basename(defaultLog));
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      throw new UsageError(`cannot read ${dir}: ${(err as Error).message}; name the log files to read`);
    }
    const found = names
      .filter((n) => pattern.test(n))
      .sort(naturalOrder)
      .map((n) => join(dir, n));
    if (found.length === 0)
      throw new UsageError(`no ${defaultLog} or rotated archives of it; name the log files to read`);
    return found;
  }
  return named.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw cannotRead(path, err);
    }
    if (!isDir) return [path];
    return readdirSync(path)
      .sort(naturalOrder)
      .map((n) => join(path, n))
      .filter((p) => statSync(p).isFile());
  });
}

/** A log that cannot be read: the reason, and for a permission problem how to get access. */
export function cannotRead(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? "; flightlog's logs are root:adm 0640: read them as root, or as a member of the adm group (sudo usermod -aG adm $USER, then log in again)"
      : '';
  return new UsageError(`cannot read ${path}: ${code}${hint}`);
}

/**
 * Log files oldest first, for reading them as one stream: within one log, its archives by age
 * (base.3.gz, base.2.gz, base.1, then base; dateext archives by their date), the logs themselves in
 * the order given.
 */
export function oldestFirst(files: readonly string[]): string[] {
  const parts = files.map((path, given) => {
    const m = /^(.*?)(?:\.(\d+)|-(\d{8}(?:\d{2})?))?(?:\.gz)?$/.exec(path) as RegExpExecArray;
    const age = m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? -Number(m[3]) : 0;
    return { path, base: m[1] as string, age, hasDate: m[3] !== undefined, given };
  });
  const firstSeen = new Map<string, number>();
  for (const p of parts) if (!firstSeen.has(p.base)) firstSeen.set(p.base, p.given);
  // numbered: larger is older; dated: earlier is older (their age is −date, so larger is older too); the live file last
  const rank = (p: (typeof parts)[number]): number => (p.age === 0 && !p.hasDate ? -Infinity : p.age);
  return parts
    .sort((a, b) => (firstSeen.get(a.base) as number) - (firstSeen.get(b.base) as number) || rank(b) - rank(a))
    .map((p) => p.path);
}
