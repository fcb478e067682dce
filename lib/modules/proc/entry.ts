import { gauge, rate, str, text, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  top: {
    rule: { kind: 'number', min: 1, max: 50, integer: true },
    doc: 'how many of the busiest and largest processes to write',
    default: 5,
  },
  count: { rule: { kind: 'list', of: str }, doc: 'process names to count', example: '[nginx, postgres]' },
} as const satisfies EntrySettings;

/** What proc is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** proc: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'proc',
  kind: 'sampling',
  optIn: 'turn it on with modules.proc: true',
  raw: false,
  sources: ['/proc/<pid>/stat', '/proc/stat'],
  settings,

  docs: () => ({
    summary: 'the top processes by CPU since the last run and by memory now',
    keys: [
      gauge('proc.count', 'count', 'processes'),
      text('proc.cpu<N>.comm', 'the Nth busiest process since the last run (N = 1 … top)'),
      gauge('proc.cpu<N>.pid', 'pid', 'its pid'),
      rate(
        'proc.cpu<N>.cpu_pct',
        '%',
        'its Δ(utime + stime) / (elapsed × online CPUs) × 100: its share of the whole machine; a process started since the last run counts all its time',
      ),
      text('proc.rss<N>.comm', 'the Nth largest process by resident memory now'),
      gauge('proc.rss<N>.pid', 'pid', 'its pid'),
      gauge('proc.rss<N>.rss_bytes', 'bytes', 'its RSS'),
      gauge('proc.<name>.count', 'count', 'processes named <name>, for each name of `count`'),
    ],
    notes:
      'Source: /proc/<pid>/stat of every process (CPU time in USER_HZ = 100 ticks a second, RSS in pages of the page size from /proc/self/auxv). A process is known by its pid and start time, so a pid reused by a new process is never taken for the old one. Online CPUs: the cpuN lines of /proc/stat; without them no cpu<N> keys.',
    rows: [
      [
        '`proc.count`, `proc.cpu<N>.comm/pid/cpu_pct`, `proc.rss<N>.comm/pid/rss_bytes`, `proc.<name>.count`',
        'the top processes by CPU since the last run (`cpu_pct`: a share of the whole machine, 100 = every CPU busy) and by memory now (opt-in: `modules: {proc: true}`)',
      ],
    ],
  }),
  load: async () => (await import('./read')).proc,
};
