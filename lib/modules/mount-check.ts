import { mountSubject } from '../format/subject';
import { parseMounts } from '../sources/mounts';
import { statWithin } from '../sources/stat-probe';
import { DEFAULT_CHECK_TIMEOUT_S, type Module, type Reading } from './types';

/**
 * mount_check: are the mounts this machine needs there, writable, and answering? Opt-in: checks the
 * mount points the config lists (`modules.mount_check: {mounts: [/, /home, /nfs/data], timeout: 2}`).
 * Subject: the mount point as the fs module names it (root, nfs_data).
 * key       unit  kind   source
 * present   0/1   gauge  the mount point is in /proc/self/mounts (the last mount there wins)
 * ro        0/1   gauge  its options include `ro` (present mounts only)
 * ok        0/1   gauge  `stat` of the mount point answered within `timeout` seconds (present mounts only)
 * stat_ms   ms    gauge  how long that stat took
 * The stat runs in a child process that is abandoned at the timeout, so a hung NFS server costs the run
 * `timeout` seconds at most and never hangs it.
 */
export const mountCheck: Module = {
  name: 'mount_check',
  sources: ['/proc/self/mounts', 'stat(1)'],
  read: async (src, settings) => {
    const wanted = settings.mounts ?? [];
    if (wanted.length === 0) return [];
    const text = (await src.maybeText('proc/self/mounts')) ?? (await src.text('proc/mounts'));
    const mounts = new Map(parseMounts(text).map((m) => [m.mountPoint, m]));
    const timeoutMs = (settings.timeout ?? DEFAULT_CHECK_TIMEOUT_S) * 1000;
    return Promise.all(wanted.map(async (mountPoint): Promise<Reading> => {
      const subject = mountSubject(mountPoint);
      const m = mounts.get(mountPoint);
      if (m === undefined) return { subject, gauges: { present: 0 }, counters: {} };
      const probe = await statWithin(src.path(mountPoint), timeoutMs);
      const gauges: Record<string, number> = { present: 1, ro: m.options.includes('ro') ? 1 : 0, ok: probe.ok ? 1 : 0 };
      if (probe.ok) gauges.stat_ms = probe.ms;
      return { subject, gauges, counters: {} };
    }));
  },
};
