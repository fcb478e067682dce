import { count, type EventEntry } from '../entry';

/** coredump: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'coredump',
  kind: 'event',
  sources: ['/var/lib/systemd/coredump', 'coredumpctl --json=short'],
  settings: {},
  docs: () => ({
    summary: 'programs that dumped core since the last run',
    keys: [count('coredump.crashes_new', 'core files newer than the cursor')],
    notes:
      "systemd-coredump's files (their names give comm, uid, boot id, pid and time), with the signal and the executable from `coredumpctl --json=short` when it is there. Each: `event=coredump comm=… pid=… uid=… [signal=…] [exe=…] [boot_id=…]`. The very first run takes the cursor and reports nothing.",
    rows: [],
  }),
  load: async () => (await import('./collect')).coredump,
};
