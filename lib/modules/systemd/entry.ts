import { count, gauge, type EventEntry } from '../entry';

/** systemd: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'systemd',
  kind: 'event',
  sources: [
    '/run/systemd/system',
    'systemctl list-units --state=failed',
    'systemctl show -p Id -p NRestarts *.service',
  ],
  settings: {},
  docs: () => ({
    summary: 'units that failed, and services that systemd restarted since the last run',
    keys: [
      gauge('systemd.failed', 'count', 'units in the failed state now'),
      count('systemd.failed_new', 'units failed now that were not at the last run'),
      count('systemd.restarts_new', 'restarts of services since the last run'),
    ],
    notes:
      'Events: `event=unit_failed unit=…`, `event=unit_restarted unit=… restarts_new=…`. NRestarts starts at 0 with each boot, so after a reboot every restart is new. Silent where systemd does not run. The very first run takes the cursor only.',
    rows: [],
  }),
  load: async () => (await import('./collect')).systemd,
};
