import type { Reading } from '../core/reading';

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

/**
 * The one rule for counters that restart: the increase of a counter the kernel keeps in `bits` bits,
 * or 'reset'. A step back is a wrap only where the counter is that narrow, it stood below 2^bits, and
 * the wrapped increase is physically possible: at most `max` (a disk cannot be busy longer than the
 * time that passed, a link cannot carry more than its speed). An increase past `max` without a wrap is
 * just as impossible: a reset too. Undefined when either sample lacks the counter.
 */
export function plausibleIncrease(pair: Pair, name: string, bits: 32 | 64, max?: number): bigint | 'reset' | undefined {
  const before = pair.prev.counters[name];
  const after = pair.curr.counters[name];
  if (before === undefined || after === undefined) return undefined;
  const modulus = 1n << BigInt(bits);
  const d = after >= before ? after - before : before < modulus && bits === 32 ? after + modulus - before : undefined;
  if (d === undefined || (max !== undefined && Number(d) > max)) return 'reset';
  return d;
}

/** Over a short interval the kernel's counters run slightly ahead of /proc/uptime: room for that in a "cannot exceed the time" bound. */
export const timeBound = (elapsedMs: number): number => elapsedMs * 1.01 + 50;

export const perSecond = (delta: bigint | undefined, elapsedS: number): number | undefined =>
  delta === undefined || elapsedS <= 0 ? undefined : Number(delta) / elapsedS;

/**
 * A share of the interval, 0–100 (DESIGN §3): over a short interval the kernel's counters run slightly
 * ahead of /proc/uptime, which would give 100.4; a share is never above the whole.
 */
export const share = (pct: number): number => Math.min(100, Math.max(0, pct));
