import { readPageSize } from '../../sources/auxv';
import { parseProcStat } from '../../sources/proc-stat';
import { onlineCpus } from '../../sources/stat';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { deriveProc } from './derive';

/** proc: see ./entry.ts for its keys, settings and sources. */
export const proc: Module<Settings> = {
  read: async (src) => {
    const [entries, pageSize, stat] = await Promise.all([
      src.maybeList('proc'),
      readPageSize(src),
      src.maybeText('proc/stat'),
    ]);
    const pids = (entries ?? []).filter((n) => /^\d+$/.test(n));
    const stats = await Promise.all(
      pids.map(async (pid) => {
        const text = await src.attribute(`proc/${pid}/stat`);
        // a process that ended between the listing and the read is simply gone
        return text === undefined ? undefined : parseProcStat(text);
      }),
    );
    const cpus = onlineCpus(stat);
    // the machine's CPUs travel in a reading without a subject; each process is one with its own
    const machine: Reading[] = cpus === undefined ? [] : [{ gauges: { cpus }, counters: {} }];
    return machine.concat(
      stats
        .flatMap((s): Reading[] =>
          s === undefined
            ? []
            : [
                {
                  subject: `${s.pid}_${s.startTicks}`,
                  gauges: { rss_bytes: s.rssPages * pageSize, pid: s.pid, start_ticks: Number(s.startTicks) },
                  counters: { cpu_ticks: s.cpuTicks },
                  labels: { comm: s.comm },
                },
              ],
        )
        .sort((a, b) => Number((b.counters.cpu_ticks as bigint) - (a.counters.cpu_ticks as bigint))),
    );
  },
  derive: { rank: deriveProc },
};
