import type { EventEntry } from '../entry';

/** boot: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'boot',
  kind: 'event',
  sources: ['/proc/stat btime', '/sys/fs/pstore', '/sys/class/watchdog/*/bootstatus', 'the shutdown mark'],
  settings: {},
  docs: () => ({
    summary: 'on the first sample of a new boot, how the previous boot ended',
    keys: [],
    notes:
      "One event: `event=boot reason=<r> previous_boot=<boot id> last_uptime_s=<s> downtime_s=<s> [record=<pstore file>]`. The reason, from the best source there is, the first that applies: panic or oops (a pstore record written after the previous boot's last sample), watchdog (a watchdog whose bootstatus has WDIOF_CARDRESET), shutdown (the mark of `flightlog mark-shutdown`), under_voltage (a Raspberry Pi that saw under-voltage in its last sample), unexpected (a power loss or a hard reset). Silent on the very first run.",
    rows: [],
  }),
  load: async () => (await import('./collect')).boot,
};
