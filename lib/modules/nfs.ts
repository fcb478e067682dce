import { SourceMissing } from '../core/errors';
import { parseRpcNfs } from '../sources/rpc-nfs';
import type { Module, Reading } from './types';

/** Procedure numbers of the calls worth a key: RFC 1813 for v3, the client's table (include/linux/nfs4.h) for v4. */
const V3 = { getattr: 1, lookup: 3, access: 4, read: 6, write: 7, commit: 21 } as const;
const V4 = { read: 1, write: 2, commit: 3, open: 4, close: 8, access: 17, getattr: 18, lookup: 19 } as const;

/**
 * nfs: the NFS client's operation rates (what `nfsstat -c` counts). Subjects: rpc, v3, v4.
 * key                                   unit  kind  source: /proc/net/rpc/nfs
 * nfs.rpc.calls_per_s                   1/s   rate  `rpc` line, calls
 * nfs.rpc.retrans_per_s                 1/s   rate  `rpc` line, retransmissions: a slow or lost server
 * nfs.rpc.authrefresh_per_s             1/s   rate  `rpc` line, credential refreshes
 * nfs.v3.calls_per_s, nfs.v4.calls_per_s  1/s rate  the sum of every procedure of the `proc3`/`proc4` line
 * nfs.v3.<op>_per_s                     1/s   rate  calls of one procedure: getattr_per_s, lookup_per_s,
 *                                             access_per_s, read_per_s, write_per_s, commit_per_s
 * nfs.v4.<op>_per_s                     1/s   rate  the same, and open_per_s, close_per_s
 * A version with no calls since boot writes nothing. No /proc/net/rpc/nfs (the nfs client is not
 * loaded): the module writes nothing.
 */
export const nfs: Module = {
  name: 'nfs',
  sources: ['/proc/net/rpc/nfs'],
  read: async (src) => {
    const text = await src.maybeText('proc/net/rpc/nfs');
    if (text === undefined) throw new SourceMissing('/proc/net/rpc/nfs', 'the NFS client is not loaded');
    const rec = parseRpcNfs(text);
    const readings: Reading[] = [];
    if (rec.rpc !== undefined) readings.push({ subject: 'rpc', gauges: {}, counters: { ...rec.rpc } });
    for (const [version, ops] of [['v3', V3], ['v4', V4]] as const) {
      const counts = rec.procs.get(`proc${version.slice(1)}`);
      if (counts === undefined || counts.every((c) => c === 0n)) continue;
      const counters: Record<string, bigint> = { calls: counts.reduce((a, b) => a + b, 0n) };
      for (const [op, at] of Object.entries(ops)) {
        const c = counts[at];
        if (c !== undefined) counters[op] = c;
      }
      readings.push({ subject: version, gauges: {}, counters });
    }
    return readings;
  },
};

/** The counters of each subject, in the order their rates are written. */
export const NFS_RATES = ['calls', 'retrans', 'authrefresh', ...new Set([...Object.keys(V3), ...Object.keys(V4)])];
