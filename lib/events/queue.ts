import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openExclusive, writeWhole } from '../state/file';

/**
 * Where `flightlog event` leaves a report for the next sample: `reports/` beside the state file, made
 * like at's and cron's spools (mode 1733: anyone may add a file, only its owner and root may remove
 * it, no one but root may list it), so that a service user's report reaches root's sample.
 */
export const reportsDir = (statePath: string): string => join(dirname(statePath), 'reports');

export const REPORTS_MODE = 0o1733;

/** A report's longest text, and the most a sample takes at once (the rest wait for the next). */
const MAX_TEXT = 1024;
const MAX_REPORTS_PER_RUN = 1000;
const MAX_FILE_BYTES = 4096;

export type Queued = { readonly kind: 'crash'; readonly name: string; readonly timeMs: number } | { readonly kind: 'note'; readonly text: string; readonly timeMs: number };

/** A report as the sample reads it back: what was said, and who said it (the file's owner). */
type Report = Queued & { readonly uid: number; readonly file: string };

/**
 * Leaves one report, as a file of its own that nothing else can have the name of (created
 * exclusively, never through a link). Root makes the directory when it is missing; anyone else needs
 * it made (the package does), and a report that cannot be left is an error.
 */
export function enqueue(statePath: string, event: Queued): void {
  const dir = reportsDir(statePath);
  if ((process.getuid?.() ?? 0) === 0 && mkdirSync(dir, { recursive: true }) !== undefined) chmodSync(dir, REPORTS_MODE);
  const text: Queued = event.kind === 'crash' ? { ...event, name: event.name.slice(0, MAX_TEXT) } : { ...event, text: event.text.slice(0, MAX_TEXT) };
  const name = `${event.timeMs}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.json`;
  const fd = openExclusive(join(dir, name), 0o600);
  try {
    writeWhole(fd, Buffer.from(`${JSON.stringify(text)}\n`));
  } finally {
    closeSync(fd);
  }
}

/**
 * The reports waiting, oldest first, each with its owner's uid (from the file, which no user can set
 * for another): a symlink, a FIFO, a file too big or not a report is left out (and removed with the rest).
 */
export function readReports(dir: string): { reports: Report[]; files: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort().slice(0, MAX_REPORTS_PER_RUN);
  } catch {
    return { reports: [], files: [] };
  }
  const reports: Report[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      continue;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
      const buf = Buffer.alloc(st.size);
      const n = readSync(fd, buf, 0, buf.length, 0);
      const e = JSON.parse(buf.toString('utf8', 0, n)) as Queued;
      const ok = Number.isFinite(e.timeMs) && ((e.kind === 'crash' && typeof e.name === 'string') || (e.kind === 'note' && typeof e.text === 'string'));
      if (ok) reports.push({ ...e, uid: st.uid, file });
    } catch {
      // torn or not a report: removed with the others
    } finally {
      closeSync(fd);
    }
  }
  reports.sort((a, b) => a.timeMs - b.timeMs || (a.file < b.file ? -1 : 1));
  return { reports, files: names.map((n) => join(dir, n)) };
}
