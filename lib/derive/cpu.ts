import type { Field } from '../core/sample';
import type { Reading } from '../core/reading';
import { increase, steppedBack, type Pair } from './delta';
import { gaugeFields, rateFields, type Deriver, type Part } from './types';

/** The fields whose sum is the time that passed; guest and guest_nice are inside user and nice. */
const TOTAL_PARTS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

const tickTotal = (c: Readonly<Record<string, bigint>>): bigint => TOTAL_PARTS.reduce((sum, k) => sum + (c[k] ?? 0n), 0n);

/** One tick field as sysstat shows it: user and nice without the guest time, guest as guest + guest_nice. */
function shown(c: Readonly<Record<string, bigint>>, name: string): bigint | undefined {
  switch (name) {
    case 'user': return c.user === undefined ? undefined : c.user - (c.guest ?? 0n);
    case 'nice': return c.nice === undefined ? undefined : c.nice - (c.guest_nice ?? 0n);
    case 'guest': return c.guest === undefined ? undefined : c.guest + (c.guest_nice ?? 0n);
    default: return c[name];
  }
}

const SHARES = ['user', 'nice', 'system', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'idle'] as const;

/**
 * CPU shares of one CPU (or all of them) between two samples: per-field tick deltas over their sum, a
 * field that steps back counting 0. Undefined when the tick total stepped back (a reset) — and no
 * shares at all when no tick passed (nothing to divide by).
 */
function shares(pair: Pair): Map<string, number> | 'reset' {
  const { prev, curr } = pair;
  if (tickTotal(curr.counters) < tickTotal(prev.counters)) return 'reset';
  const deltas = new Map<string, bigint>();
  for (const name of SHARES) {
    const before = shown(prev.counters, name);
    const after = shown(curr.counters, name);
    if (before !== undefined && after !== undefined) deltas.set(name, after > before ? after - before : 0n);
  }
  const total = [...deltas.values()].reduce((a, b) => a + b, 0n);
  const pct = new Map<string, number>();
  if (total === 0n) return pct;
  for (const [name, d] of deltas) pct.set(name, (Number(d) / Number(total)) * 100);
  pct.set('busy', 100 - (pct.get('idle') ?? 0) - (pct.get('iowait') ?? 0));
  return pct;
}

const pctFields = (pct: Map<string, number>, names: readonly string[]): Field[] =>
  names.flatMap((name): Field[] => {
    const v = pct.get(name);
    return v === undefined ? [] : [[`${name}_pct`, v]];
  });

const EVENT_COUNTERS = ['ctxt', 'intr', 'forks'] as const;
const TICK_FIELDS = [...TOTAL_PARTS, 'guest', 'guest_nice'] as const;
const ZERO: Readonly<Record<string, bigint>> = {};

/**
 * The aggregate's tick increases rebuilt from each CPU's, as sysstat does when a CPU went offline and
 * came back (get_global_cpu_statistics): a CPU whose total stepped back, or that has no baseline,
 * counts from zero; in the others a field that steps back counts 0. Undefined when there are no CPUs
 * to build from (per_cpu: false).
 */
function rebuilt(parts: readonly Part[]): Record<string, bigint> | undefined {
  if (parts.length === 0) return undefined;
  const sum: Record<string, bigint> = {};
  for (const { curr, pair } of parts) {
    const from = pair === undefined || tickTotal(curr.counters) < tickTotal(pair.prev.counters) ? ZERO : pair.prev.counters;
    for (const name of TICK_FIELDS) {
      const after = curr.counters[name];
      if (after === undefined) continue;
      const before = from[name] ?? 0n;
      sum[name] = (sum[name] ?? 0n) + (after > before ? after - before : 0n);
    }
  }
  return sum;
}

/**
 * The aggregate `cpu` line plus the host-wide counters (context switches, interrupts, forks). When the
 * aggregate stepped back or any CPU restarted, the shares come from the CPUs' own increases
 * (`rebuilt`); ctxt, intr and forks are counters of their own and keep their rates either way.
 */
export const deriveCpu: Deriver = (curr: Reading, pair, parts) => {
  if (curr.subject !== undefined) return derivePerCpu(pair);
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const cpus = parts?.() ?? [];
  const restarted = tickTotal(curr.counters) < tickTotal(pair.prev.counters)
    || cpus.some((p) => p.pair !== undefined && tickTotal(p.curr.counters) < tickTotal(p.pair.prev.counters));
  const sum = restarted ? rebuilt(cpus) : undefined;
  const zero = sum === undefined ? ZERO : Object.fromEntries(Object.keys(sum).map((k) => [k, 0n]));
  const pct = !restarted ? shares(pair) : sum === undefined ? 'reset' : shares({ ...pair, prev: { counters: zero }, curr: { ...curr, counters: sum } });
  const events = rateFields(pair, EVENT_COUNTERS.filter((n) => !steppedBack(pair, n)), (n) => increase(pair, n));
  if (pct === 'reset') return { fields: [...gaugeFields(curr), ...events], reset: true };
  return { fields: [...pctFields(pct, ['busy', ...SHARES]), ...gaugeFields(curr), ...events], reset: false };
};

function derivePerCpu(pair: Pair | undefined): ReturnType<Deriver> {
  if (pair === undefined) return { fields: [], reset: false };
  const pct = shares(pair);
  return pct === 'reset' ? { fields: [], reset: true } : { fields: pctFields(pct, ['busy']), reset: false };
}
