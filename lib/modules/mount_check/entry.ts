import { gauge, timeout, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  mounts: {
    rule: { kind: 'list', of: { kind: 'path' } },
    doc: 'mount points that must be there and answer',
    example: '[/, /srv/nfs]',
  },
  timeout,
} as const satisfies EntrySettings;

/** What mount_check is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** mount_check: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'mount_check',
  kind: 'sampling',
  raw: false,
  optIn: 'give it mount points: modules.mount_check: {mounts: [/, /srv]}',
  sources: ['/proc/self/mounts', 'stat(1)'],
  settings,

  docs: () => ({
    summary: 'are the mounts this machine needs there, writable, and answering?',
    keys: [
      gauge(
        'mount_check.<mount>.present',
        '0/1',
        'the mount point is in /proc/self/mounts (the last mount there wins)',
      ),
      gauge('mount_check.<mount>.ro', '0/1', 'its options include `ro` (present mounts only)'),
      gauge(
        'mount_check.<mount>.ok',
        '0/1',
        '`stat` of the mount point answered within `timeout` seconds (present mounts only)',
      ),
      gauge('mount_check.<mount>.stat_ms', 'ms', 'how long that stat took'),
    ],
    notes:
      'Subject: the mount point as the fs module names it (root, nfs_data). The stat runs in a child process that is abandoned at the timeout, so a hung NFS server costs the run `timeout` seconds at most and never hangs it.',
    rows: [
      [
        '`mount_check.<mount>.present`, `ro`, `ok`, `stat_ms`',
        'the mounts in `modules.mount_check` (opt-in): there, read-only, answering a `stat` (run in a child and abandoned at `timeout`, so a hung NFS server never hangs the run)',
      ],
    ],
  }),
  load: async () => (await import('./read')).mountCheck,
};
