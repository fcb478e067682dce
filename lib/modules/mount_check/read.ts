import { mountSubject } from '../../format/subject';
import { parseMounts } from '../../sources/mounts';
import { statWithin } from '../../sources/stat-probe';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { gaugesOnly } from '../../derive/types';

/** mount_check: see ./entry.ts for its keys, settings and sources. */
export const mountCheck: Module<Settings> = {
  read: async (src, settings) => {
    const wanted = settings.mounts ?? [];
    if (wanted.length === 0) return [];
    const text = (await src.maybeText('proc/self/mounts')) ?? (await src.text('proc/mounts'));
    const mounts = new Map(parseMounts(text).map((m) => [m.mountPoint, m]));
    const timeoutMs = settings.timeout * 1000;
    return Promise.all(
      wanted.map(async (mountPoint): Promise<Reading> => {
        const subject = mountSubject(mountPoint);
        const m = mounts.get(mountPoint);
        if (m === undefined) return { subject, gauges: { present: 0 }, counters: {} };
        const probe = await statWithin(src.path(mountPoint), timeoutMs);
        const gauges: Record<string, number> = {
          present: 1,
          ro: m.options.includes('ro') ? 1 : 0,
          ok: probe.ok ? 1 : 0,
        };
        if (probe.ok) gauges.stat_ms = probe.ms;
        return { subject, gauges, counters: {} };
      }),
    );
  },
  derive: gaugesOnly,
};
