import type { Pair } from './delta';

/**
 * The one plausibility model for counters that restart (README, "What the lines mean"): the counters
 * of one subject that move together (a NIC's bytes with its packets, a disk's sectors with its I/Os and
 * its ms fields) are judged as one group.
 *
 * - A counter that stepped back is a wrap only where the kernel keeps it in 32 bits and it stood below
 *   2^32; otherwise the group is a reset.
 * - The group's increases, with the fewest wraps that explain them, must be physically possible
 *   together (`possible`: rates within the device's bounds, bytes per packet within what a packet
 *   carries, …). That is judged whenever a wrap is taken, when `always` is set, and when the interval is
 *   so long that a wrap could have gone unseen (`unseen`).
 * - Exactly one count of wraps may fit: if one more wrap of a wrapped counter is possible too, judged by
 *   what the device really moves (`another`: a NIC's frames within its MTU, a disk's requests within its
 *   max_sectors_kb), the reading cannot be told apart and the group is a reset. Over an interval in which
 *   a wrap could have gone unseen, one more wrap of any counter of `unseen` is judged the same way.
 *   A reset leaves the rates out (`.reset=1`).
 */
export interface CounterGroup {
  readonly names: readonly string[];
  /** the kernel's width of each counter: `bits(name)` */
  readonly bits: (name: string) => 32 | 64;
  /** whether these increases could all have happened in the interval (pair.elapsedS) */
  readonly possible: (d: Increases, judged: Judged) => boolean;
  /** judge the plain increases too, even when nothing stepped back */
  readonly always?: boolean;
  /** the counters that could have wrapped unseen over this interval (none unless the kernel's are 32-bit and the interval long enough) */
  readonly unseen?: readonly string[];
}

/** Increases as numbers (a counter missing on either side is absent). */
export type Increases = ReadonlyMap<string, number>;

/** What the increases being judged assume: which counters were taken as wrapped, and whether this is one more wrap than the fewest. */
export interface Judged {
  readonly wrapped: ReadonlySet<string>;
  readonly another: boolean;
}

const TWO_TO_32 = 2 ** 32;

/** The increases of a group of counters, or 'reset' when they cannot be known (see CounterGroup). */
export function groupIncreases(pair: Pair, group: CounterGroup): Map<string, bigint> | 'reset' {
  const out = new Map<string, bigint>();
  const wrapped = new Set<string>();
  for (const name of group.names) {
    const before = pair.prev.counters[name];
    const after = pair.curr.counters[name];
    if (before === undefined || after === undefined) continue;
    if (after >= before) {
      out.set(name, after - before);
      continue;
    }
    if (group.bits(name) !== 32 || before >= 1n << 32n) return 'reset';
    out.set(name, after + (1n << 32n) - before);
    wrapped.add(name);
  }
  const asNumbers = (extra?: string): Map<string, number> =>
    new Map([...out].map(([n, d]) => [n, Number(d) + (n === extra ? TWO_TO_32 : 0)]));
  const unseen = (group.unseen ?? []).filter((n) => out.has(n));
  if (
    (group.always || unseen.length > 0 || wrapped.size > 0) &&
    !group.possible(asNumbers(), { wrapped, another: false })
  )
    return 'reset';
  for (const name of new Set([...wrapped, ...unseen])) {
    if (group.possible(asNumbers(name), { wrapped: new Set([...wrapped, name]), another: true })) return 'reset';
  }
  return out;
}
