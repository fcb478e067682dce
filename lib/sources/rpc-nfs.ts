import { ParseError } from '../core/errors';

/** The client counters of /proc/net/rpc/nfs: RPC calls and retransmissions, and calls per NFS procedure. */
export interface RpcNfsRecord {
  readonly rpc?: { readonly calls: bigint; readonly retrans: bigint; readonly authrefresh: bigint };
  /** `proc3` → the counts in procedure order (the line's first number, the count of procedures, left out) */
  readonly procs: ReadonlyMap<string, readonly bigint[]>;
}

const numbers = (cols: readonly string[], line: string): bigint[] =>
  cols.map((c) => {
    if (!/^\d+$/.test(c)) throw new ParseError('/proc/net/rpc/nfs', line, 'expected whole numbers');
    return BigInt(c);
  });

/**
 * Lines (net/sunrpc/stats.c, fs/nfs): `rpc <calls> <retrans> <authrefresh>` and `procN <count> <c0> …
 * <c(count-1)>`; other lines (`net`, `proc2` of old kernels alike) are kept or skipped by what they start with.
 */
export function parseRpcNfs(text: string): RpcNfsRecord {
  let rpc: RpcNfsRecord['rpc'];
  const procs = new Map<string, bigint[]>();
  for (const line of text.split('\n')) {
    const [name, ...cols] = line.trim().split(/\s+/);
    if (name === 'rpc') {
      const [calls, retrans, authrefresh] = numbers(cols, line);
      if (authrefresh === undefined)
        throw new ParseError('/proc/net/rpc/nfs', line, 'expected "rpc calls retrans authrefresh"');
      rpc = { calls: calls as bigint, retrans: retrans as bigint, authrefresh };
    } else if (name !== undefined && /^proc\d$/.test(name)) {
      const [count, ...counts] = numbers(cols, line);
      if (count === undefined || counts.length !== Number(count))
        throw new ParseError('/proc/net/rpc/nfs', line, `expected ${count ?? 'a count of'} procedure counts`);
      procs.set(name, counts);
    }
  }
  return rpc === undefined ? { procs } : { rpc, procs };
}
