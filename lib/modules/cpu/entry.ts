import {
  type KeyDoc,
  gauge,
  rate,
  type SamplingEntry,
  type Settings as EntrySettings,
  type SettingsOf,
} from '../entry';

const settings = {
  per_cpu: { rule: { kind: 'boolean' }, doc: 'also write cpu.<N>.busy_pct for each CPU', default: true },
} as const satisfies EntrySettings;

/** What cpu is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

const cpuShare = (field: string, formula: string): KeyDoc => rate(`cpu.${field}_pct`, '%', formula);

/** cpu: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'cpu',
  kind: 'sampling',
  sources: ['/proc/stat'],
  settings,

  docs: () => ({
    summary: "where the processors' time went, as sysstat computes it",
    keys: [
      cpuShare('busy', '100 − idle_pct − iowait_pct'),
      cpuShare('user', 'Δ(user − guest) / Δtotal × 100'),
      cpuShare('nice', 'Δ(nice − guest_nice) / Δtotal × 100'),
      cpuShare('system', 'Δsystem / Δtotal × 100'),
      cpuShare('iowait', 'Δiowait / Δtotal × 100'),
      cpuShare('irq', 'Δirq / Δtotal × 100'),
      cpuShare('softirq', 'Δsoftirq / Δtotal × 100'),
      cpuShare('steal', 'Δsteal / Δtotal × 100 (kernels that print steal)'),
      cpuShare('guest', 'Δ(guest + guest_nice) / Δtotal × 100 (kernels that print guest)'),
      cpuShare('idle', 'Δidle / Δtotal × 100'),
      gauge('cpu.count', 'count', 'the `cpuN` lines (online CPUs)'),
      rate('cpu.ctxt_per_s', '1/s', '`ctxt`: context switches'),
      rate('cpu.intr_per_s', '1/s', '`intr`, first number: interrupts serviced'),
      rate('cpu.forks_per_s', '1/s', '`processes`: forks'),
      rate('cpu.<N>.busy_pct', '%', 'as cpu.busy_pct, for CPU N (setting `per_cpu`)'),
    ],
    notes:
      "Source: /proc/stat, in USER_HZ ticks; shares are tick deltas over the ticks that passed, so the unit of the tick never matters. `guest` and `guest_nice` are already inside `user` and `nice`. sysstat's rule (rd_stats.c get_per_cpu_interval): a CPU that went offline and came back, or resumed from suspend, keeps user, nice and system but restarts idle and iowait; idle that stepped back counts from zero, iowait that stepped back counts 0 if idle rose and from zero otherwise, any other field that stepped back counts 0, and guest grown past user shifts the interval (ishift). The whole machine is the sum of the CPUs with a previous sample, as sar builds it (sa_common.c get_global_cpu_statistics); a CPU back online is cpu.<N>.new=1 and left out for one run; a CPU with no tick in the interval has no key. With `per_cpu: false` the `cpu` line is taken by the same rule. Nothing here is a reset. ctxt, intr and forks are counters of their own: their rates are written unless they themselves step back.",
    rows: [
      ['`cpu.busy_pct`', '100 − idle − iowait, over the interval, as sysstat computes it'],
      [
        '`cpu.user_pct`, `nice_pct`, `system_pct`, `iowait_pct`, `irq_pct`, `softirq_pct`, `steal_pct`, `guest_pct`, `idle_pct`',
        'where the CPU time went; user and nice without guest time; steal and guest only where the kernel counts them',
      ],
      ['`cpu.count`', 'online CPUs'],
      [
        '`cpu.ctxt_per_s`, `cpu.intr_per_s`, `cpu.forks_per_s`',
        'context switches, interrupts, new processes per second',
      ],
      ['`cpu.<N>.busy_pct`', 'busy share of CPU N'],
    ],
  }),
  load: async () => (await import('./read')).cpu,
};
