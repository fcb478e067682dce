import type { Field } from '../core/sample';
import { increase, perSecond, steppedBack } from './delta';
import { gaugeFields, type Deriver } from './types';

/** What a module's counters become, each listed counter in the order given. */
export interface CounterSpec {
  /** counter → `<counter>_per_s` */
  readonly rates?: readonly string[];
  /** counter → a key holding its increase since the previous run (`throttles_new`) */
  readonly counts?: ReadonlyArray<readonly [counter: string, key: string]>;
  /** counter of time in units of 1/perSecond s → a key holding its share of the interval in % */
  readonly shares?: ReadonlyArray<readonly [counter: string, key: string, perSecond: number]>;
}

/**
 * A deriver for modules whose counters only ever add up (nfs, cpufreq): the gauges, then rates, shares
 * of the interval and counts. Any counter stepping back is a reset of the whole subject.
 */
export const counterDeriver =
  (spec: CounterSpec): Deriver =>
  (curr, pair) => {
    const gauges = gaugeFields(curr);
    if (pair === undefined) return { fields: gauges, reset: false };
    if (Object.keys(curr.counters).some((n) => steppedBack(pair, n))) return { fields: gauges, reset: true };
    const fields: Field[] = [...gauges];
    for (const counter of spec.rates ?? []) {
      const rate = perSecond(increase(pair, counter), pair.elapsedS);
      if (rate !== undefined) fields.push([`${counter}_per_s`, rate]);
    }
    for (const [counter, key, unitsPerSecond] of spec.shares ?? []) {
      const d = increase(pair, counter);
      if (d !== undefined && pair.elapsedS > 0)
        fields.push([key, Math.min(100, (Number(d) / (pair.elapsedS * unitsPerSecond)) * 100)]);
    }
    for (const [counter, key] of spec.counts ?? []) {
      const d = increase(pair, counter);
      if (d !== undefined) fields.push([key, Number(d)]);
    }
    return { fields, reset: false };
  };
