import { parseProcIo } from './proc-io';
import { parseProcStat, type ProcStat } from './proc-stat';
import type { Sources } from './read';
import { onlineCpus } from './stat';

/** What the processes of one tree add up to at one instant. */
export interface TreeTotals {
  readonly procs: number;
  readonly threads: number;
  readonly rssBytes: number;
  /**
   * CPU time of the tree so far, in USER_HZ ticks: Σ (utime + stime + cutime + cstime) of the live
   * processes. A process that ends is waited for by its parent, which then counts its time in cutime,
   * so the sum only grows while the tree's root lives.
   */
  readonly cpuTicks: bigint;
  /** Σ read_bytes / write_bytes of /proc/<pid>/io: storage I/O, which the kernel also adds to the parent that waits */
  readonly readBytes: bigint;
  readonly writeBytes: bigint;
  /** the largest VmHWM (peak RSS) of any process of the tree */
  readonly maxHwmBytes: number;
  /** the machine's online CPUs (the cpuN lines of /proc/stat), undefined where unknown */
  readonly cpus: number | undefined;
}

/** The process `rootPid` and all its descendants, from /proc/<pid>/stat of every process (linked by ppid). */
export async function readTree(src: Sources, rootPid: number, pageSize: number): Promise<TreeTotals | undefined> {
  const pids = ((await src.maybeList('proc')) ?? []).filter((n) => /^\d+$/.test(n));
  const stats: ProcStat[] = [];
  for (const pid of pids) {
    const text = await src.attribute(`proc/${pid}/stat`);
    // a process that ended between the listing and the read is simply gone
    if (text !== undefined) stats.push(parseProcStat(text));
  }
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list === undefined) children.set(s.ppid, [s]);
    else list.push(s);
  }
  const root = stats.find((s) => s.pid === rootPid);
  if (root === undefined) return undefined;
  const tree: ProcStat[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const p = queue.shift() as ProcStat;
    tree.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  let readBytes = 0n;
  let writeBytes = 0n;
  let maxHwmBytes = 0;
  for (const p of tree) {
    const io = parseProcIo((await src.attribute(`proc/${p.pid}/io`)) ?? '');
    readBytes += io?.readBytes ?? 0n;
    writeBytes += io?.writeBytes ?? 0n;
    const hwmKb = Number(/^VmHWM:\s*(\d+) kB/m.exec((await src.attribute(`proc/${p.pid}/status`)) ?? '')?.[1] ?? 0);
    maxHwmBytes = Math.max(maxHwmBytes, hwmKb * 1024);
  }
  return {
    procs: tree.length,
    threads: tree.reduce((n, p) => n + p.threads, 0),
    rssBytes: tree.reduce((n, p) => n + p.rssPages * pageSize, 0),
    cpuTicks: tree.reduce((n, p) => n + p.cpuTicks + p.childUserTicks + p.childSystemTicks, 0n),
    readBytes,
    writeBytes,
    maxHwmBytes,
    cpus: onlineCpus(await src.maybeText('proc/stat')),
  };
}
