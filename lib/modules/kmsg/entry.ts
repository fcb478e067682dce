import { count, type EventEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  patterns: {
    rule: {
      kind: 'map',
      key: /^[a-z][a-z0-9_]*$/,
      keyFix: 'use lower-case letters, digits and _ (it becomes part of a key)',
      // the linear engine has no `i` flag: each message is matched in lower case
      of: { kind: 'regex', lowerCase: true },
    },
    doc: 'name → regular expression, in lower case, of the messages to count (each is matched in lower case); replaces the defaults',
    default: {
      // the kernel logs an OOM kill in three lines (oom-kill:…, "Out of memory: Killed process N", oom_reaper):
      // only the one line every kernel prints once per kill is counted
      oom: /killed process \d+/,
      segfault: /segfault at|general protection fault|trap divide error/,
      hung_task: /blocked for more than \d+ seconds/,
      io_error: /i\/o error|blk_update_request|critical medium error|buffer i\/o error/,
      link_down: /link is down|link down/,
      undervoltage: /under-?voltage/,
      fs_error:
        /ext4-fs error|xfs .*(error|corruption)|btrfs (error|critical)|remounting filesystem read-only|fat-fs .*error/,
      nfs: /nfs: server .* not responding/,
    },
  },
} as const satisfies EntrySettings;

/** What kmsg is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** kmsg: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'kmsg',
  kind: 'event',
  sources: ['/dev/kmsg'],
  settings,

  docs: () => ({
    summary: 'kernel messages since the last run, matched against named patterns',
    keys: [count('kmsg.<pattern>_new', 'messages that matched <pattern> since the last run (0 when none)')],
    notes:
      '/dev/kmsg is read without blocking (root only). Each match: `event=kmsg match=<pattern> uptime_s=<s> message="…"`. A new boot reads from the start. The very first run takes the cursor only.',
    rows: [
      [
        '`kmsg.<pattern>_new`',
        'kernel messages since the last run matching OOM, segfault, hung task, I/O error, link down, under-voltage, filesystem errors, NFS (patterns configurable)',
      ],
    ],
  }),
  load: async () => (await import('./collect')).kmsg,
};
