import { count, type EventEntry } from '../entry';

/** app: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'app',
  kind: 'event',
  sources: ['reports/ beside the state file'],
  settings: {},
  docs: () => ({
    summary: 'crashes and notes reported with `flightlog event`',
    keys: [
      count('app.crashes_new', 'crashes reported since the last run (0 when none)'),
      count('app.dropped_new', 'reports removed unread: a user left more than 1,000 waiting (absent when none)'),
    ],
    notes:
      "Events: `event=crash name=… uid=… reported=<ISO time>`, `event=note text=\"…\" uid=… reported=<ISO time>`. uid is the reporting user's and the time is when the report arrived, both from the report's file as the kernel keeps them, which no user can set. Any user can leave reports (reports/ is mode 1733, like at's spool): a sample takes at most 100 of one user and 1,000 in all, users in turn, and removes each once the sample is saved; anything there that is not a report (a directory, a link, a FIFO) is removed or passed over, never read. A user's crash report is an event and counts in app.crashes_new, but only root's count in the machine's health (health.crashfree_s, health.crashes, health.<program>.crashes).",
    rows: [
      [
        '`coredump.crashes_new`, `pacct.exited_new`, `failed_new`, `killed_new`, `cored_new`, `systemd.failed`, `failed_new`, `restarts_new`, `app.crashes_new`',
        'what happened since the last run (below)',
      ],
    ],
  }),
  load: async () => (await import('./collect')).app,
};
