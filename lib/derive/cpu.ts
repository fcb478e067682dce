import type { Field } from '../format/line';
import type { Reading } from '../modules/types';
import { increase, steppedBack, type Pair } from './delta';
import { gaugeFields, rateFields, type Deriver } from './types';

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

/** The aggregate `cpu` line plus the host-wide counters (context switches, interrupts, forks). */
export const deriveCpu: Deriver = (curr: Reading, pair) => {
  if (curr.subject !== undefined) return derivePerCpu(pair);
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const pct = shares(pair);
  if (pct === 'reset' || EVENT_COUNTERS.some((n) => steppedBack(pair, n))) return { fields: gaugeFields(curr), reset: true };
  return {
    fields: [
      ...pctFields(pct, ['busy', ...SHARES]),
      ...gaugeFields(curr),
      ...rateFields(pair, EVENT_COUNTERS, (n) => increase(pair, n)),
    ],
    reset: false,
  };
};

function derivePerCpu(pair: Pair | undefined): ReturnType<Deriver> {
  if (pair === undefined) return { fields: [], reset: false };
  const pct = shares(pair);
  return pct === 'reset' ? { fields: [], reset: true } : { fields: pctFields(pct, ['busy']), reset: false };
}
