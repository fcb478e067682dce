import { SourceMissing } from '../core/errors';
import { subjectName } from '../format/subject';
import { parseFlatKeyed, parseIoStat } from '../sources/cgroup';
import { parsePressure } from '../sources/pressure';
import { onlineCpus } from '../sources/stat';
import type { Sources } from '../sources/read';
import type { Module, Reading } from './types';

/** How deep below the cgroup root to report by default: the slices, and what is in them. */
export const DEFAULT_CGROUP_DEPTH = 2;

/**
 * cgroup: cgroup v2 groups (slices, services, containers) down to `depth` levels below the root
 * (default 2: system.slice, then system.slice/ssh.service). Subject: the group's path, '/' and '.'
 * becoming '_' (system_slice_ssh_service). Source: /sys/fs/cgroup (or /sys/fs/cgroup/unified on hybrid
 * machines), the files of each group; a file a kernel lacks gives no key.
 * key                  unit     kind   source / formula
 * cpu_busy_pct         %        rate   Δcpu.stat usage_usec / (elapsed µs × online CPUs) × 100: the group's share of
 *                                      the whole machine, as cpu.busy_pct (left out when /proc/stat has no cpuN line)
 * memory_bytes         bytes    gauge  memory.current
 * memory_peak_bytes    bytes    gauge  memory.peak (Linux 5.19+)
 * pids                 count    gauge  pids.current
 * read_bytes_per_s     bytes/s  rate   io.stat rbytes, all devices
 * write_bytes_per_s    bytes/s  rate   io.stat wbytes, all devices
 * oom_new              count    new    memory.events oom
 * oom_kills_new        count    new    memory.events oom_kill
 * cpu_some_pct, cpu_full_pct, memory_some_pct, memory_full_pct, io_some_pct, io_full_pct
 *                      %        rate   the group's cpu/memory/io.pressure totals, as psi does
 * reset, new           1        mark   counters stepped back (a group made anew) / a group the last run did not see
 */
export const cgroup: Module = {
  name: 'cgroup',
  sources: ['/sys/fs/cgroup', '/proc/stat'],
  read: async (src, settings) => {
    const root = (await src.maybeText('sys/fs/cgroup/cgroup.controllers')) !== undefined ? 'sys/fs/cgroup'
      : (await src.maybeText('sys/fs/cgroup/unified/cgroup.controllers')) !== undefined ? 'sys/fs/cgroup/unified' : undefined;
    if (root === undefined) throw new SourceMissing('/sys/fs/cgroup/cgroup.controllers', 'no cgroup v2 hierarchy here');
    const groups = await walk(src, root, '', settings.depth ?? DEFAULT_CGROUP_DEPTH);
    const cpus = onlineCpus(await src.maybeText('proc/stat'));
    return Promise.all(groups.map((g) => readGroup(src, `${root}/${g}`, g, cpus)));
  },
};

async function walk(src: Sources, root: string, rel: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  const entries = (await src.maybeList(rel ? `${root}/${rel}` : root)) ?? [];
  const groups: string[] = [];
  // a child group is a directory, and every group has a cgroup.procs file
  for (const name of entries) {
    const path = rel ? `${rel}/${name}` : name;
    if ((await src.maybeText(`${root}/${path}/cgroup.procs`)) === undefined) continue;
    groups.push(path, ...await walk(src, root, path, depth - 1));
  }
  return groups;
}

async function readGroup(src: Sources, dir: string, rel: string, cpus: number | undefined): Promise<Reading> {
  const [cpuStat, current, peak, pids, ioStat, events, ...pressure] = await Promise.all(
    ['cpu.stat', 'memory.current', 'memory.peak', 'pids.current', 'io.stat', 'memory.events', 'cpu.pressure', 'memory.pressure', 'io.pressure'].map((f) => src.maybeText(`${dir}/${f}`)),
  );
  const counters: Record<string, bigint> = {};
  const gauges: Record<string, number> = {};
  if (cpus !== undefined) gauges.cpus = cpus;
  const usage = cpuStat === undefined ? undefined : parseFlatKeyed(cpuStat, `${dir}/cpu.stat`).get('usage_usec');
  if (usage !== undefined) counters.cpu_usage_us = usage;
  if (current !== undefined && /^\d+$/.test(current.trim())) gauges.memory_bytes = Number(current.trim());
  if (peak !== undefined && /^\d+$/.test(peak.trim())) gauges.memory_peak_bytes = Number(peak.trim());
  if (pids !== undefined && /^\d+$/.test(pids.trim())) gauges.pids = Number(pids.trim());
  if (ioStat !== undefined) {
    const io = parseIoStat(ioStat);
    counters.read_bytes = io.rbytes;
    counters.write_bytes = io.wbytes;
  }
  if (events !== undefined) {
    const e = parseFlatKeyed(events, `${dir}/memory.events`);
    if (e.has('oom')) counters.oom = e.get('oom') as bigint;
    if (e.has('oom_kill')) counters.oom_kills = e.get('oom_kill') as bigint;
  }
  ['cpu', 'memory', 'io'].forEach((resource, i) => {
    const text = pressure[i];
    if (text === undefined) return;
    const p = parsePressure(text, `${dir}/${resource}.pressure`);
    if (p.someUs !== undefined) counters[`${resource}_some_us`] = p.someUs;
    if (p.fullUs !== undefined) counters[`${resource}_full_us`] = p.fullUs;
  });
  return { subject: subjectName(rel.replace(/[/.]/g, '_')), gauges, counters };
}
