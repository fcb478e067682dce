import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors';
import { naturalOrder } from '../sources/read';

/** A rotated archive of `base`: base.1, base.2.gz (logrotate's numbers) or base-20251123(.gz) (its dateext). */
const rotatedOf = (base: string): RegExp => new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.\\d+|-\\d{8}(\\d{2})?)?(\\.gz)?$`);

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
    const found = names.filter((n) => pattern.test(n)).sort(naturalOrder).map((n) => join(dir, n));
    if (found.length === 0) throw new UsageError(`no ${defaultLog} or rotated archives of it; name the log files to read`);
    return found;
  }
  return named.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (!isDir) return [path];
    return readdirSync(path).sort(naturalOrder).map((n) => join(path, n)).filter((p) => statSync(p).isFile());
  });
}
