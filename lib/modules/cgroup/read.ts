import { SourceMissing } from '../../core/errors';
import { subjectName } from '../../format/subject';
import { parseFlatKeyed, parseIoStat } from '../../sources/cgroup';
import { parsePressure } from '../../sources/pressure';
import { onlineCpus } from '../../sources/stat';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { deriveCgroup } from './derive';

/** cgroup: see ./entry.ts for its keys, settings and sources. */
export const cgroup: Module<Settings> = {
  read: async (src, settings) => {
    const root =
      (await src.maybeText('sys/fs/cgroup/cgroup.controllers')) !== undefined
        ? 'sys/fs/cgroup'
        : (await src.maybeText('sys/fs/cgroup/unified/cgroup.controllers')) !== undefined
          ? 'sys/fs/cgroup/unified'
          : undefined;
    if (root === undefined) throw new SourceMissing('/sys/fs/cgroup/cgroup.controllers', 'no cgroup v2 hierarchy here');
    const groups = await walk(src, root, '', settings.depth);
    const cpus = onlineCpus(await src.maybeText('proc/stat'));
    return Promise.all(groups.map((g) => readGroup(src, `${root}/${g}`, g, cpus)));
  },
  derive: deriveCgroup,
};

async function walk(src: Sources, root: string, rel: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  // a child group is a directory (cgroupfs has nothing else there), told from the listing alone
  const children = (await src.maybeDirectories(rel ? `${root}/${rel}` : root)) ?? [];
  const groups: string[] = [];
  for (const name of children) {
    const path = rel ? `${rel}/${name}` : name;
    groups.push(path, ...(await walk(src, root, path, depth - 1)));
  }
  return groups;
}

async function readGroup(src: Sources, dir: string, rel: string, cpus: number | undefined): Promise<Reading> {
  const [cpuStat, current, peak, pids, ioStat, events, ...pressure] = await Promise.all(
    [
      'cpu.stat',
      'memory.current',
      'memory.peak',
      'pids.current',
      'io.stat',
      'memory.events',
      'cpu.pressure',
      'memory.pressure',
      'io.pressure',
    ].map((f) => src.maybeText(`${dir}/${f}`)),
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
