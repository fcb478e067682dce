import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmdirSync,
  unlinkSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { openExclusive, writeWhole } from '../io/file';

/**
 * Where `flightlog event` leaves a report for the next sample: `reports/` beside the state file, made
 * like at's and cron's spools (mode 1733: anyone may add a file, only its owner and root may remove
 * it, no one but root may list it), so that a service user's report reaches root's sample.
 */
export const reportsDir = (statePath: string): string => join(dirname(statePath), 'reports');

export const REPORTS_MODE = 0o1733;

/** A report's longest text, the most a sample takes at once and of one user (the rest wait), and the most one user may leave waiting. */
const MAX_TEXT = 1024;
const MAX_REPORTS_PER_RUN = 1000;
const MAX_REPORTS_PER_UID_RUN = 100;
const MAX_WAITING_PER_UID = 1000;
const MAX_FILE_BYTES = 4096;

export type Queued =
  | { readonly kind: 'crash'; readonly name: string; readonly timeMs: number }
  | { readonly kind: 'note'; readonly text: string; readonly timeMs: number };

/** A report as the sample reads it back: what was said, who said it (the file's owner) and when it arrived (the file's ctime, which no user can set). */
type Report = Queued & { readonly uid: number; readonly file: string };

/**
 * Leaves one report, as a file of its own that nothing else can have the name of (created
 * exclusively, never through a link). Root makes the directory when it is missing; anyone else needs
 * it made (the package does), and a report that cannot be left is an error.
 */
export function enqueue(statePath: string, event: Queued): void {
  const dir = reportsDir(statePath);
  if ((process.getuid?.() ?? 0) === 0 && mkdirSync(dir, { recursive: true }) !== undefined)
    chmodSync(dir, REPORTS_MODE);
  const text: Queued =
    event.kind === 'crash'
      ? { ...event, name: event.name.slice(0, MAX_TEXT) }
      : { ...event, text: event.text.slice(0, MAX_TEXT) };
  const name = `${event.timeMs}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.json`;
  const fd = openExclusive(join(dir, name), 0o600);
  try {
    writeWhole(fd, Buffer.from(`${JSON.stringify(text)}\n`));
  } finally {
    closeSync(fd);
  }
}

/** What a sample takes of the reports: the reports, the entries to remove once it is saved, and how many a user left past its share. */
export interface Taken {
  readonly reports: Report[];
  readonly files: string[];
  readonly dropped: number;
}

/**
 * The reports waiting, every entry of the directory taken as a stranger's (any user can write there):
 * each user's oldest first (by the time the kernel says its file arrived), users in turn, at most
 * MAX_REPORTS_PER_UID_RUN of one user a run and MAX_REPORTS_PER_RUN in all; the rest wait. A user's
 * entries past MAX_WAITING_PER_UID are removed unread (counted). Anything that is not a plain file of
 * a report's size and form (a directory, a link, a FIFO, a torn or forged file) is not read and is
 * removed with the rest; removing never follows a link and never fails the run.
 */
export function readReports(dir: string): Taken {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { reports: [], files: [], dropped: 0 };
  }
  const byUid = new Map<number, Array<{ file: string; ctimeMs: number }>>();
  const files: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let st: Stats;
    try {
      st = lstatSync(file);
    } catch {
      continue;
    }
    if (!st.isFile() || !name.endsWith('.json') || st.size > MAX_FILE_BYTES) {
      files.push(file);
      continue;
    }
    const mine = byUid.get(st.uid) ?? [];
    mine.push({ file, ctimeMs: st.ctimeMs });
    byUid.set(st.uid, mine);
  }
  let dropped = 0;
  const queues = [...byUid.values()].map((entries) => {
    entries.sort((a, b) => a.ctimeMs - b.ctimeMs || (a.file < b.file ? -1 : 1));
    const past = entries.splice(MAX_WAITING_PER_UID);
    dropped += past.length;
    files.push(...past.map((e) => e.file));
    return entries.slice(0, MAX_REPORTS_PER_UID_RUN);
  });
  const reports: Report[] = [];
  // users in turn, so that one user's many reports never crowd out another's
  for (let i = 0; reports.length < MAX_REPORTS_PER_RUN && queues.some((q) => i < q.length); i++) {
    for (const q of queues) {
      const entry = q[i];
      if (entry === undefined || reports.length >= MAX_REPORTS_PER_RUN) continue;
      files.push(entry.file);
      const report = readReport(entry.file, entry.ctimeMs);
      if (report !== undefined) reports.push(report);
    }
  }
  // in that order: the event lines a sample writes are capped, and each user gets its turn in them too
  return { reports, files, dropped };
}

/** One report file, opened without following a link or waiting on a FIFO; undefined when it is not a report. */
function readReport(file: string, arrivedMs: number): Report | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const e = JSON.parse(buf.toString('utf8', 0, n)) as Record<string, unknown>;
    // the time is the kernel's, not the file's word: a report cannot be dated in 1970 or past the year 275760
    const timeMs = Math.floor(arrivedMs);
    if (e.kind === 'crash' && typeof e.name === 'string' && e.name !== '')
      return { kind: 'crash', name: e.name.slice(0, MAX_TEXT), timeMs, uid: st.uid, file };
    if (e.kind === 'note' && typeof e.text === 'string')
      return { kind: 'note', text: e.text.slice(0, MAX_TEXT), timeMs, uid: st.uid, file };
    return undefined;
  } catch {
    // torn or not a report: removed with the others
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Removes what a saved sample took: a file or a link is unlinked (never followed); an empty directory is removed; nothing here fails the run. */
export function removeTaken(files: readonly string[]): void {
  for (const file of files) {
    try {
      unlinkSync(file);
    } catch {
      try {
        rmdirSync(file);
      } catch {
        // not ours to remove (a directory with something in it): it is passed over again next run
      }
    }
  }
}
