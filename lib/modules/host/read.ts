import { parseStat } from '../../sources/stat';
import { parseUptime } from '../../sources/uptime';
import type { Module } from '../types';
import { gaugesOnly } from '../../derive/types';

/** host: see ./entry.ts for its keys, settings and sources. */
export const host: Module = {
  read: async (src) => {
    const [uptime, stat] = await Promise.all([src.text('proc/uptime'), src.text('proc/stat')]);
    const { btime } = parseStat(stat);
    return [
      { gauges: { uptime_s: parseUptime(uptime), ...(btime === undefined ? {} : { boot_time: btime }) }, counters: {} },
    ];
  },
  derive: gaugesOnly,
};
