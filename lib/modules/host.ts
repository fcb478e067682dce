import { parseStat } from '../sources/stat';
import { parseUptime } from '../sources/uptime';
import type { Module } from './types';

/**
 * host: the machine's clock facts.
 * key              unit       kind   source
 * host.uptime_s    s          gauge  /proc/uptime, first field
 * host.boot_time   epoch s    gauge  /proc/stat `btime`
 */
export const host: Module = {
  name: 'host',
  sources: ['/proc/uptime', '/proc/stat'],
  read: async (src) => {
    const [uptime, stat] = await Promise.all([src.text('proc/uptime'), src.text('proc/stat')]);
    const { btime } = parseStat(stat);
    return [{ gauges: { uptime_s: parseUptime(uptime), ...(btime === undefined ? {} : { boot_time: btime }) }, counters: {} }];
  },
};
