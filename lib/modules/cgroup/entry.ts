import {
  type KeyDoc,
  count,
  gauge,
  rate,
  type SamplingEntry,
  type Settings as EntrySettings,
  type SettingsOf,
} from '../entry';

const settings = {
  depth: {
    rule: { kind: 'number', min: 1, max: 8, integer: true },
    doc: 'how many levels below the root to report',
    // the slices, and what is in them
    default: 2,
  },
} as const satisfies EntrySettings;

/** What cgroup is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** cgroup: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'cgroup',
  kind: 'sampling',
  sources: ['/sys/fs/cgroup', '/proc/stat'],
  settings,

  docs: () => ({
    summary: 'cgroup v2 groups (slices, services, containers)',
    keys: [
      rate(
        'cgroup.<group>.cpu_busy_pct',
        '%',
        "Δcpu.stat usage_usec / (elapsed µs × online CPUs) × 100: the group's share of the whole machine, as cpu.busy_pct",
      ),
      gauge('cgroup.<group>.memory_bytes', 'bytes', 'memory.current'),
      gauge('cgroup.<group>.memory_peak_bytes', 'bytes', 'memory.peak (Linux 5.19+)'),
      gauge('cgroup.<group>.pids', 'count', 'pids.current'),
      rate('cgroup.<group>.read_bytes_per_s', 'bytes/s', 'io.stat rbytes, all devices'),
      rate('cgroup.<group>.write_bytes_per_s', 'bytes/s', 'io.stat wbytes, all devices'),
      count('cgroup.<group>.oom_new', 'memory.events oom'),
      count('cgroup.<group>.oom_kills_new', 'memory.events oom_kill'),
      ...['cpu', 'memory', 'io'].flatMap((r): KeyDoc[] => [
        rate(`cgroup.<group>.${r}_some_pct`, '%', `${r}.pressure some total, as psi`),
        rate(`cgroup.<group>.${r}_full_pct`, '%', `${r}.pressure full total, as psi`),
      ]),
    ],
    notes:
      "Subject: the group's path, '/' and '.' becoming '_' (system_slice_ssh_service). Source: /sys/fs/cgroup (or /sys/fs/cgroup/unified on hybrid machines); a file a kernel lacks gives no key. cpu_busy_pct is left out when /proc/stat has no cpuN line.",
    rows: [
      [
        '`cgroup.<group>.cpu_busy_pct`, `memory_bytes`, `memory_peak_bytes`, `pids`, `read_bytes_per_s`, `write_bytes_per_s`, `oom_new`, `oom_kills_new`, `cpu_some_pct`, …',
        "cgroup v2 groups to `modules.cgroup.depth` (2) levels: `system.slice`, `system_slice_ssh_service`; `cpu_busy_pct` is the group's share of the whole machine, like `cpu.busy_pct` (100 = every CPU busy)",
      ],
    ],
  }),
  load: async () => (await import('./read')).cgroup,
};
