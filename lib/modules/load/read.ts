import { parseLoadAvg } from '../../sources/loadavg';
import { parseStat } from '../../sources/stat';
import type { Module } from '../types';
import { gaugesOnly } from '../../derive/types';

/** load: see ./entry.ts for its keys, settings and sources. */
export const load: Module = {
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
  derive: gaugesOnly,
};
