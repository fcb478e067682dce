import { gauge, str, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  exclude_types: {
    rule: { kind: 'list', of: str },
    doc: 'filesystem types to leave out',
    // types that hold no disk space of their own
    default: [
      'tmpfs',
      'devtmpfs',
      'overlay',
      'squashfs',
      'proc',
      'sysfs',
      'cgroup',
      'cgroup2',
      'devpts',
      'mqueue',
      'debugfs',
      'tracefs',
      'securityfs',
      'pstore',
      'bpf',
      'configfs',
      'fusectl',
      'hugetlbfs',
      'autofs',
      'binfmt_misc',
      'efivarfs',
      'rpc_pipefs',
      'nsfs',
      'ramfs',
      'selinuxfs',
      'nfsd',
      'fuse.lxcfs',
      'fuse.gvfsd-fuse',
    ],
  },
} as const satisfies EntrySettings;

/** What fs is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** fs: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'fs',
  kind: 'sampling',
  raw: false,
  sources: ['/proc/self/mountinfo', 'statfs(2)'],
  settings,

  docs: () => ({
    summary: 'space per mounted filesystem',
    keys: [
      gauge('fs.<mount>.size_bytes', 'bytes', 'f_blocks × f_bsize'),
      gauge('fs.<mount>.avail_bytes', 'bytes', 'f_bavail × f_bsize (what an unprivileged user can still write)'),
      gauge('fs.<mount>.used_pct', '%', '(f_blocks − f_bfree) / (f_blocks − f_bfree + f_bavail) × 100, as df(1)'),
      gauge(
        'fs.<mount>.inodes_used_pct',
        '%',
        '(f_files − f_ffree) / f_files × 100; absent where f_files is 0 (btrfs)',
      ),
      gauge('fs.<mount>.ro', '0/1', '1 when mounted read-only'),
    ],
    notes:
      "Subject: the mount point (`root` for /, `var_log` for /var/log). Filesystems of an excluded type or with no blocks at all are left out; a mount point mounted twice counts once, as the later mount (the one visible); a filesystem mounted in several places (a bind mount) counts once, at the mount of its whole tree, as df(1) shows it. statfs that fails or times out is that mount's error; the others are still written.",
    rows: [
      [
        '`fs.<mount>.size_bytes`, `avail_bytes`, `used_pct`, `inodes_used_pct`, `ro`',
        'per real filesystem; `/` is `root`, `/var/log` is `var_log`; `used_pct` as `df` shows it',
      ],
    ],
  }),
  load: async () => (await import('./read')).fs,
};
