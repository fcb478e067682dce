import { parseStat, type CpuTimes } from '../../sources/stat';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { deriveCpu } from './derive';

/** cpu: see ./entry.ts for its keys, settings and sources. */
export const cpu: Module<Settings> = {
  read: async (src, settings) => {
    const stat = parseStat(await src.text('proc/stat'));
    const counters: Record<string, bigint> = { ...ticks(stat.cpu) };
    if (stat.ctxt !== undefined) counters.ctxt = stat.ctxt;
    if (stat.intr !== undefined) counters.intr = stat.intr;
    if (stat.processes !== undefined) counters.forks = stat.processes;
    const readings: Reading[] = [{ gauges: { count: stat.cpus.size }, counters }];
    if (settings.per_cpu) {
      for (const [n, times] of [...stat.cpus].sort(([a], [b]) => a - b))
        readings.push({ subject: String(n), gauges: {}, counters: ticks(times) });
    }
    return readings;
  },
  derive: deriveCpu,
};

const TICK_NAMES: ReadonlyArray<readonly [keyof CpuTimes, string]> = [
  ['user', 'user'],
  ['nice', 'nice'],
  ['system', 'system'],
  ['idle', 'idle'],
  ['iowait', 'iowait'],
  ['irq', 'irq'],
  ['softirq', 'softirq'],
  ['steal', 'steal'],
  ['guest', 'guest'],
  ['guestNice', 'guest_nice'],
];

function ticks(times: CpuTimes): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [field, name] of TICK_NAMES) {
    const v = times[field];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
