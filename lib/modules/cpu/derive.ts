import type { Field } from '../../core/sample';
import type { Reading } from '../../core/reading';
import { increase, steppedBack } from '../../derive/delta';
import { gaugeFields, rateFields, type Deriver, type Part } from '../../derive/types';

type Ticks = Readonly<Record<string, bigint>>;

/** The fields whose sum is the time that passed; guest and guest_nice are inside user and nice. */
const TOTAL_PARTS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
const TICK_FIELDS = [...TOTAL_PARTS, 'guest', 'guest_nice'] as const;
const SHARES = ['user', 'nice', 'system', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'idle'] as const;
const EVENT_COUNTERS = ['ctxt', 'intr', 'forks'] as const;

const sum = (t: Ticks, names: readonly string[]): bigint => names.reduce((s, k) => s + (t[k] ?? 0n), 0n);
/** user and nice as sysstat shows them: without the guest time they include */
const userOnly = (t: Ticks): bigint => (t.user ?? 0n) - (t.guest ?? 0n);
const niceOnly = (t: Ticks): bigint => (t.nice ?? 0n) - (t.guest_nice ?? 0n);

/** One CPU (or the whole) between two samples, as sysstat counts it: the previous ticks as its restart leaves them, and the ticks that passed. */
interface Interval {
  readonly prev: Ticks;
  readonly curr: Ticks;
  readonly ticks: bigint;
}

/**
 * sysstat's get_per_cpu_interval (rd_stats.c). A CPU that went offline and back, or through a
 * suspend/resume, keeps user, nice and system but restarts idle and iowait: idle that stepped back
 * counts from zero; iowait that stepped back counts 0 if idle rose (the kernel moved time from iowait
 * to idle), else from zero. The ticks that passed are the sum of the fields' increases, plus the
 * shift (`ishift`) by which user − guest or nice − guest_nice stepped back, so such a field counts 0.
 */
function interval(before: Ticks, curr: Ticks): Interval {
  const prev: Record<string, bigint> = { ...before };
  if (prev.iowait !== undefined && curr.iowait !== undefined && curr.iowait < prev.iowait) {
    prev.iowait = curr.idle !== undefined && prev.idle !== undefined && curr.idle > prev.idle ? curr.iowait : 0n;
  }
  if (prev.idle !== undefined && curr.idle !== undefined && curr.idle < prev.idle) prev.idle = 0n;
  let shift = 0n;
  if (userOnly(curr) < userOnly(prev)) shift += userOnly(prev) - userOnly(curr);
  if (niceOnly(curr) < niceOnly(prev)) shift += niceOnly(prev) - niceOnly(curr);
  return { prev, curr, ticks: sum(curr, TOTAL_PARTS) - sum(prev, TOTAL_PARTS) + shift };
}

/** A field's increase as sysstat's ll_sp_value takes it: a step back counts 0; undefined where a side lacks the field. */
function shownIncrease(prev: Ticks, curr: Ticks, name: string): bigint | undefined {
  const of = (t: Ticks): bigint | undefined => {
    switch (name) {
      case 'user':
        return t.user === undefined ? undefined : userOnly(t);
      case 'nice':
        return t.nice === undefined ? undefined : niceOnly(t);
      default:
        return t[name];
    }
  };
  const before = of(prev);
  const after = of(curr);
  if (before === undefined || after === undefined) return undefined;
  return after > before ? after - before : 0n;
}

/**
 * The shares of an interval (sar -u ALL): each field's increase over the ticks that passed; guest is
 * guest + guest_nice; busy = 100 − idle − iowait. None when no tick passed (nothing to divide by).
 */
function shares({ prev, curr, ticks }: Interval): Map<string, number> {
  const pct = new Map<string, number>();
  if (ticks <= 0n) return pct;
  for (const name of SHARES) {
    const d = shownIncrease(prev, curr, name);
    const guestNice = name === 'guest' ? shownIncrease(prev, curr, 'guest_nice') : undefined;
    if (d !== undefined) pct.set(name, (Number(d + (guestNice ?? 0n)) / Number(ticks)) * 100);
  }
  pct.set('busy', 100 - (pct.get('idle') ?? 0) - (pct.get('iowait') ?? 0));
  return pct;
}

/**
 * The whole machine rebuilt from its CPUs, as sysstat does (get_global_cpu_statistics, sa_common.c):
 * each CPU with a previous sample adds its ticks as its restart leaves them and its interval; a CPU
 * without one (back online since) is left out, as is a CPU now offline.
 */
function rebuilt(parts: readonly Part[]): Interval {
  const prev: Record<string, bigint> = {};
  const curr: Record<string, bigint> = {};
  let ticks = 0n;
  for (const { pair } of parts) {
    if (pair === undefined) continue;
    const one = interval(pair.prev.counters, pair.curr.counters);
    ticks += one.ticks;
    for (const name of TICK_FIELDS) {
      if (one.curr[name] === undefined || one.prev[name] === undefined) continue;
      prev[name] = (prev[name] ?? 0n) + (one.prev[name] as bigint);
      curr[name] = (curr[name] ?? 0n) + (one.curr[name] as bigint);
    }
  }
  return { prev, curr, ticks };
}

const pctFields = (pct: Map<string, number>, names: readonly string[]): Field[] =>
  names.flatMap((name): Field[] => {
    const v = pct.get(name);
    return v === undefined ? [] : [[`${name}_pct`, v]];
  });

/**
 * The whole machine plus the host-wide counters (context switches, interrupts, forks). Its shares are
 * built from the CPUs' own intervals (`rebuilt`), as sar does on every machine with CPU lines: that
 * is what gives the right whole when a CPU restarted, went offline or came back, and it is the same
 * as the `cpu` line otherwise (the kernel sums the same counters). The `cpu` line itself counts only
 * with `per_cpu: false`, by the same per-field rule. Nothing here is a reset. ctxt, intr and forks are
 * counters of their own and keep their rates.
 */
export const deriveCpu: Deriver = (curr: Reading, pair, parts) => {
  if (curr.subject !== undefined)
    return {
      fields: pair === undefined ? [] : pctFields(shares(interval(pair.prev.counters, curr.counters)), ['busy']),
      reset: false,
    };
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const present = parts?.() ?? [];
  const whole = present.length > 0 ? rebuilt(present) : interval(pair.prev.counters, curr.counters);
  const events = rateFields(
    pair,
    EVENT_COUNTERS.filter((n) => !steppedBack(pair, n)),
    (n) => increase(pair, n),
  );
  return { fields: [...pctFields(shares(whole), ['busy', ...SHARES]), ...gaugeFields(curr), ...events], reset: false };
};
