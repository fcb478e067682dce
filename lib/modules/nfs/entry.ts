import { rate, type SamplingEntry } from '../entry';

/** nfs: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'nfs',
  kind: 'sampling',
  sources: ['/proc/net/rpc/nfs'],
  settings: {},
  docs: () => ({
    summary: "the NFS client's operation rates, as `nfsstat -c` counts them",
    keys: [
      rate('nfs.rpc.calls_per_s', '1/s', '`rpc` line, calls'),
      rate('nfs.rpc.retrans_per_s', '1/s', '`rpc` line, retransmissions: a slow or lost server'),
      rate('nfs.rpc.authrefresh_per_s', '1/s', '`rpc` line, credential refreshes'),
      rate('nfs.<version>.calls_per_s', '1/s', 'the sum of every procedure of the `proc3`/`proc4` line'),
      rate(
        'nfs.<version>.<op>_per_s',
        '1/s',
        'calls of one procedure: getattr, lookup, access, read, write, commit; v4 also open, close',
      ),
    ],
    notes:
      'A version with no calls since boot writes nothing. No /proc/net/rpc/nfs (the nfs client is not loaded): the module writes nothing.',
    rows: [
      [
        '`nfs.rpc.calls_per_s`, `retrans_per_s`, `nfs.v3/v4.calls_per_s`, `read_per_s`, `write_per_s`, `getattr_per_s`, …',
        'NFS client operations, as `nfsstat -c` counts them; retransmissions mean a slow or lost server',
      ],
    ],
  }),
  load: async () => (await import('./read')).nfs,
};
