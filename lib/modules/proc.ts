import { readPageSize } from '../sources/auxv';
import { parseProcStat } from '../sources/proc-stat';
import { onlineCpus } from '../sources/stat';
import type { Module, Reading } from './types';

/** The processes flightlog keeps counters of between runs, the busiest first (the state stays bounded). */
export const MAX_PROCESSES = 512;

/**
 * proc: the top processes by CPU since the last run and by memory now, and how many processes run.
 * Source: /proc/<pid>/stat of every process (CPU time in USER_HZ = 100 ticks a second, RSS in pages of
 * the page size from /proc/self/auxv). A process is known by its pid and start time, so a pid reused
 * by a new process is never taken for the old one. Settings: `top` (default 5), `count` (names to count).
 * key                       unit   kind   formula
 * proc.count                count  gauge  processes
 * proc.cpu<N>.comm, .pid    text   gauge  the Nth busiest process since the last run (N = 1 … top)
 * proc.cpu<N>.cpu_pct       %      rate   its Δ(utime + stime) / (elapsed × online CPUs) × 100: its share of the
 *                                         whole machine, as cpu.busy_pct, so a process busy on every CPU is 100;
 *                                         a process started since the last run counts all its time. Online CPUs:
 *                                         the cpuN lines of /proc/stat; without them no cpu<N> keys
 * proc.rss<N>.comm, .pid    text   gauge  the Nth largest process by resident memory now
 * proc.rss<N>.rss_bytes     bytes  gauge  its RSS
 * proc.<name>.count         count  gauge  processes named <name>, for each name of `count`
 */
export const proc: Module = {
  name: 'proc',
  sources: ['/proc/<pid>/stat', '/proc/stat'],
  read: async (src) => {
    const [entries, pageSize, stat] = await Promise.all([src.maybeList('proc'), readPageSize(src), src.maybeText('proc/stat')]);
    const pids = (entries ?? []).filter((n) => /^\d+$/.test(n));
    const stats = await Promise.all(pids.map(async (pid) => {
      const text = await src.attribute(`proc/${pid}/stat`);
      // a process that ended between the listing and the read is simply gone
      return text === undefined ? undefined : parseProcStat(text);
    }));
    const cpus = onlineCpus(stat);
    // the machine's CPUs travel in a reading without a subject; each process is one with its own
    const machine: Reading[] = cpus === undefined ? [] : [{ gauges: { cpus }, counters: {} }];
    return machine.concat(stats.flatMap((s): Reading[] => (s === undefined ? [] : [{
      subject: `${s.pid}_${s.startTicks}`,
      gauges: { rss_bytes: s.rssPages * pageSize, pid: s.pid, start_ticks: Number(s.startTicks) },
      counters: { cpu_ticks: s.cpuTicks },
      labels: { comm: s.comm },
    }])).sort((a, b) => Number((b.counters.cpu_ticks as bigint) - (a.counters.cpu_ticks as bigint))));
  },
};
