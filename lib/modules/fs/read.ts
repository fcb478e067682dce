import { deadline } from '../../core/deadline';
import { mountSubject } from '../../format/subject';
import { parseMountinfo, parseMounts, type MountRecord } from '../../sources/mounts';
import type { FsStats, Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { gaugesOnly } from '../../derive/types';

/** A statfs that does not answer in this time (a dead NFS server) is that mount's error, not a hung run. */
export const STATFS_TIMEOUT_MS = 2000;

/** fs: see ./entry.ts for its keys, settings and sources. */
export const fs: Module<Settings> = {
  read: async (src, settings) => {
    const excluded = new Set(settings.exclude_types);
    const mountinfo = await src.maybeText('proc/self/mountinfo');
    const mounts =
      mountinfo !== undefined
        ? parseMountinfo(mountinfo)
        : parseMounts((await src.maybeText('proc/self/mounts')) ?? (await src.text('proc/mounts')));
    const byPoint = new Map<string, MountRecord>();
    for (const m of mounts) {
      byPoint.delete(m.mountPoint);
      if (!excluded.has(m.type)) byPoint.set(m.mountPoint, m);
    }
    const readings = await Promise.all(onePerFilesystem([...byPoint.values()]).map((m) => readMount(src, m)));
    return readings.filter((r): r is Reading => r !== undefined);
  },
  derive: gaugesOnly,
};

/**
 * A filesystem mounted in several places (bind mounts) is one filesystem, as df(1) shows it: of the
 * mounts of one major:minor, the first that mounts all of it (root `/`), else the first. Without
 * mountinfo every mount point stands for itself.
 */
function onePerFilesystem(mounts: readonly MountRecord[]): MountRecord[] {
  const chosen = new Map<string, MountRecord>();
  for (const m of mounts) {
    const key = m.devId ?? m.mountPoint;
    const had = chosen.get(key);
    if (had === undefined || (had.root !== '/' && m.root === '/')) chosen.set(key, m);
  }
  const keep = new Set(chosen.values());
  return mounts.filter((m) => keep.has(m));
}

async function readMount(src: Sources, m: MountRecord): Promise<Reading | undefined> {
  const subject = mountSubject(m.mountPoint);
  let st: FsStats;
  try {
    st = await deadline(src.statfs(m.mountPoint), STATFS_TIMEOUT_MS, 'statfs');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // a mount point this process cannot see or enter is not this machine's fault: leave it out
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return undefined;
    return { subject, name: m.mountPoint, gauges: {}, counters: {}, error: (err as Error).message };
  }
  if (st.blocks <= 0) return undefined;
  const used = st.blocks - st.bfree;
  const gauges: Record<string, number> = {
    size_bytes: st.blocks * st.bsize,
    avail_bytes: st.bavail * st.bsize,
  };
  if (used + st.bavail > 0) gauges.used_pct = (used / (used + st.bavail)) * 100;
  if (st.files > 0) gauges.inodes_used_pct = ((st.files - st.ffree) / st.files) * 100;
  gauges.ro = m.options.includes('ro') ? 1 : 0;
  return { subject, name: m.mountPoint, gauges, counters: {} };
}
