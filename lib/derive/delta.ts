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

/** Over a short interval the kernel's counters run slightly ahead of /proc/uptime: room for that in a "cannot exceed the time" bound. */
export const timeBound = (elapsedMs: number): number => elapsedMs * 1.01 + 50;

export const perSecond = (delta: bigint | undefined, elapsedS: number): number | undefined =>
  delta === undefined || elapsedS <= 0 ? undefined : Number(delta) / elapsedS;

/**
 * A share of the interval, 0–100: over a short interval the kernel's counters run slightly
 * ahead of /proc/uptime, which would give 100.4; a share is never above the whole.
 */
export const share = (pct: number): number => Math.min(100, Math.max(0, pct));
