import { SourceMissing } from '../../core/errors';
import { parseRpcNfs } from '../../sources/rpc-nfs';
import type { Module } from '../types';
import type { Reading } from '../../core/reading';
import { counterDeriver } from '../../derive/counters';

/** Procedure numbers of the calls worth a key: RFC 1813 for v3, the client's table (include/linux/nfs4.h) for v4. */
const V3 = { getattr: 1, lookup: 3, access: 4, read: 6, write: 7, commit: 21 } as const;
const V4 = { read: 1, write: 2, commit: 3, open: 4, close: 8, access: 17, getattr: 18, lookup: 19 } as const;

/** The counters of each subject, in the order their rates are written. */
const NFS_RATES = ['calls', 'retrans', 'authrefresh', ...new Set([...Object.keys(V3), ...Object.keys(V4)])];

/** nfs: see ./entry.ts for its keys, settings and sources. */
export const nfs: Module = {
  read: async (src) => {
    const text = await src.maybeText('proc/net/rpc/nfs');
    if (text === undefined) throw new SourceMissing('/proc/net/rpc/nfs', 'the NFS client is not loaded');
    const rec = parseRpcNfs(text);
    const readings: Reading[] = [];
    if (rec.rpc !== undefined) readings.push({ subject: 'rpc', gauges: {}, counters: { ...rec.rpc } });
    for (const [version, ops] of [
      ['v3', V3],
      ['v4', V4],
    ] as const) {
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
  derive: counterDeriver({ rates: NFS_RATES }),
};
