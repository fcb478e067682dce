import { parseLoadAvg } from '../sources/loadavg';
import { parseStat } from '../sources/stat';
import type { Module } from './types';

/**
 * load: run-queue figures.
 * key            unit     kind   source
 * load.1m        ratio    gauge  /proc/loadavg field 1 (1-minute load average)
 * load.5m        ratio    gauge  /proc/loadavg field 2
 * load.15m       ratio    gauge  /proc/loadavg field 3
 * load.running   count    gauge  /proc/stat `procs_running` (runnable tasks now)
 * load.blocked   count    gauge  /proc/stat `procs_blocked` (tasks waiting for I/O now)
 * load.threads   count    gauge  /proc/loadavg field 4, after the slash (scheduling entities)
 */
export const load: Module = {
  name: 'load',
  sources: ['/proc/loadavg', '/proc/stat'],
  read: async (src) => {
    const [avg, statText] = await Promise.all([src.text('proc/loadavg'), src.text('proc/stat')]);
    const la = parseLoadAvg(avg);
    const stat = parseStat(statText);
    const gauges: Record<string, number> = { '1m': la.load1, '5m': la.load5, '15m': la.load15 };
    if (stat.procsRunning !== undefined) gauges.running = stat.procsRunning;
    if (stat.procsBlocked !== undefined) gauges.blocked = stat.procsBlocked;
    gauges.threads = la.threads;
    return [{ gauges, counters: {} }];
  },
};
