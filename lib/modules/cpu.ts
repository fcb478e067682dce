import { parseStat, type CpuTimes } from '../sources/stat';
import type { Module, Reading } from './types';

/**
 * cpu: where the processors' time went, as sysstat computes it (lib/derive/cpu.ts has the arithmetic).
 * Source: /proc/stat, in USER_HZ ticks; shares are tick deltas over the sum of all of them, so the unit
 * of the tick never matters. `guest` and `guest_nice` are already inside `user` and `nice`.
 * key                 unit  kind  formula (Δ = increase since the previous sample)
 * cpu.busy_pct        %     rate  100 − idle_pct − iowait_pct
 * cpu.user_pct        %     rate  Δ(user − guest) / Δtotal × 100
 * cpu.nice_pct        %     rate  Δ(nice − guest_nice) / Δtotal × 100
 * cpu.system_pct      %     rate  Δsystem / Δtotal × 100
 * cpu.iowait_pct      %     rate  Δiowait / Δtotal × 100
 * cpu.irq_pct         %     rate  Δirq / Δtotal × 100
 * cpu.softirq_pct     %     rate  Δsoftirq / Δtotal × 100
 * cpu.steal_pct       %     rate  Δsteal / Δtotal × 100 (kernels that print steal)
 * cpu.guest_pct       %     rate  Δ(guest + guest_nice) / Δtotal × 100 (kernels that print guest)
 * cpu.idle_pct        %     rate  Δidle / Δtotal × 100
 * cpu.count           count gauge the `cpuN` lines (online CPUs)
 * cpu.ctxt_per_s      1/s   rate  `ctxt`: context switches
 * cpu.intr_per_s      1/s   rate  `intr`, first number: interrupts serviced
 * cpu.forks_per_s     1/s   rate  `processes`: forks
 * cpu.<N>.busy_pct    %     rate  as cpu.busy_pct, for CPU N (setting `per_cpu`, default true)
 * cpu.reset, cpu.<N>.reset  1  when the tick total stepped back: that CPU's shares are left out
 * Δtotal is the sum of the field deltas, each field that steps back (iowait does) counting 0. A CPU
 * that went offline and came back restarts its counters: cpu.<N>.reset=1, and the aggregate shares are
 * rebuilt from every CPU's deltas, the restarted one counted from zero (sysstat's
 * get_global_cpu_statistics); cpu.reset=1 only when there are no per-CPU lines to rebuild from. ctxt,
 * intr and forks are counters of their own: their rates are written unless they themselves step back.
 * Every _pct is clamped to 0–100.
 */
export const cpu: Module = {
  name: 'cpu',
  sources: ['/proc/stat'],
  read: async (src, settings) => {
    const stat = parseStat(await src.text('proc/stat'));
    const counters: Record<string, bigint> = { ...ticks(stat.cpu) };
    if (stat.ctxt !== undefined) counters.ctxt = stat.ctxt;
    if (stat.intr !== undefined) counters.intr = stat.intr;
    if (stat.processes !== undefined) counters.forks = stat.processes;
    const readings: Reading[] = [{ gauges: { count: stat.cpus.size }, counters }];
    if (settings.per_cpu !== false) {
      for (const [n, times] of [...stat.cpus].sort(([a], [b]) => a - b)) readings.push({ subject: String(n), gauges: {}, counters: ticks(times) });
    }
    return readings;
  },
};

const TICK_NAMES: ReadonlyArray<readonly [keyof CpuTimes, string]> = [
  ['user', 'user'], ['nice', 'nice'], ['system', 'system'], ['idle', 'idle'], ['iowait', 'iowait'],
  ['irq', 'irq'], ['softirq', 'softirq'], ['steal', 'steal'], ['guest', 'guest'], ['guestNice', 'guest_nice'],
];

function ticks(times: CpuTimes): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [field, name] of TICK_NAMES) {
    const v = times[field];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
