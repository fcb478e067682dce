import { count, str, type EventEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  path: {
    rule: str,
    doc: 'the accounting file (the acct package turns accounting on)',
    default: '/var/log/account/pacct',
  },
} as const satisfies EntrySettings;

/** What pacct is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** pacct: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'pacct',
  kind: 'event',
  sources: [settings.path.default],
  settings,

  docs: () => ({
    summary: 'processes that exited since the last run, from process accounting',
    keys: [
      count('pacct.exited_new', 'records since the last run'),
      count('pacct.failed_new', 'exited with a non-zero status'),
      count('pacct.killed_new', 'ended by a signal'),
      count('pacct.cored_new', "dumped core (the wait status's core bit, 0x80)"),
    ],
    notes:
      'Events: `event=exit_failure comm=… pid=… uid=… status=…`, `event=killed comm=… pid=… uid=… signal=… [core=1]`, `event=top_cpu comm=… pid=… cpu_s=… elapsed_s=…` for the 5 that used most CPU time. Rotation (a new inode) reads the rest of the old file if it is still beside it (pacct.0), then the new one from its start. The very first run takes the cursor and reports nothing.',
    rows: [],
  }),
  load: async () => (await import('./collect')).pacct,
};
