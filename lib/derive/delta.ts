import type { Reading } from '../modules/types';

/** What the previous sample left of one subject: its raw counters and its identity. */
export interface SubjectBaseline {
  readonly counters: Readonly<Record<string, bigint>>;
  readonly identity?: string;
}

/** What the previous sample left of one module: when it was read (uptime) and its subjects by name. */
export interface ModuleBaseline {
  readonly uptimeS: number;
  readonly subjects: ReadonlyMap<string, SubjectBaseline>;
}

/** Two readings of one subject and the seconds between them (from /proc/uptime, never the wall clock). */
export interface Pair {
  readonly prev: SubjectBaseline;
  readonly curr: Reading;
  readonly elapsedS: number;
  readonly kernelBits: 32 | 64;
}

export const TWO_TO_32 = 1n << 32n;

/** The increase of one counter, or undefined when either side lacks it or it stepped back. */
export function increase(pair: Pair, name: string): bigint | undefined {
  const before = pair.prev.counters[name];
  const after = pair.curr.counters[name];
  if (before === undefined || after === undefined || after < before) return undefined;
  return after - before;
}

/** True when a counter both samples have went down. */
export function steppedBack(pair: Pair, name: string): boolean {
  const before = pair.prev.counters[name];
  const after = pair.curr.counters[name];
  return before !== undefined && after !== undefined && after < before;
}

/**
 * The increase of a counter that the kernel keeps in 32 bits: a step back from below 2^32 is a wrap,
 * (after + 2^32 − before). A step back from above 2^32 cannot be a wrap: undefined.
 */
export function increase32(pair: Pair, name: string): bigint | undefined {
  const before = pair.prev.counters[name];
  const after = pair.curr.counters[name];
  if (before === undefined || after === undefined) return undefined;
  if (after >= before) return after - before;
  return before < TWO_TO_32 ? after + TWO_TO_32 - before : undefined;
}

export const perSecond = (delta: bigint | undefined, elapsedS: number): number | undefined =>
  delta === undefined || elapsedS <= 0 ? undefined : Number(delta) / elapsedS;
