import { count, gauge, type EventEntry } from '../entry';

/** health: what it reads and writes, as data. */
export const entry: EventEntry = {
  name: 'health',
  kind: 'event',
  sources: ['the other event modules', 'the state file'],
  settings: {},
  docs: () => ({
    summary: "memfaultd's device-health figures, kept in the state file across reboots",
    keys: [
      gauge('health.operational_s', 's', "time this machine has run since flightlog's first sample"),
      gauge('health.crashfree_s', 's', 'time since the last crash (0 at the sample that sees a crash)'),
      gauge('health.crashes', 'count', "crashes since flightlog's first sample"),
      count('health.crashes_new', 'crashes since the last run'),
      gauge('health.<program>.crashes', 'count', 'crashes of that program so far, written when it crashed this run'),
    ],
    notes:
      "A crash: a core dump (coredump), a kernel panic, oops or watchdog reset (boot), a segfault in the kernel's log (kmsg), a core in the accounting (pacct), a crash reported with `flightlog event crash NAME` (app); one several modules saw counts once. Time counts by /proc/uptime: within a boot its increase, across a reboot the new boot's uptime plus, after a clean shutdown, the old boot's last minutes.",
    rows: [
      [
        '`health.operational_s`, `crashfree_s`, `crashes`, `crashes_new`, `health.<program>.crashes`',
        'time run and time since the last crash (kept across reboots, as memfaultd counts them), crashes',
      ],
    ],
  }),
};
