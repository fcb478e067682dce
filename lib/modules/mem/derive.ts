import type { Field } from '../../core/sample';
import { increase, steppedBack } from '../../derive/delta';
import { gaugeFields, rateFields, type Deriver } from '../../derive/types';

const RATES = ['swap_in_bytes', 'swap_out_bytes', 'major_faults'] as const;
const EVENTS = ['oom_kills'] as const;

/** Memory gauges, then vmstat rates, then event counts (`<name>_new`); any vmstat counter stepping back is a reset. */
export const deriveMem: Deriver = (curr, pair) => {
  const gauges = gaugeFields(curr);
  if (pair === undefined) return { fields: gauges, reset: false };
  if ([...RATES, ...EVENTS].some((n) => steppedBack(pair, n))) return { fields: gauges, reset: true };
  const events = EVENTS.flatMap((n): Field[] => {
    const d = increase(pair, n);
    return d === undefined ? [] : [[`${n}_new`, Number(d)]];
  });
  return { fields: [...gauges, ...rateFields(pair, RATES, (n) => increase(pair, n)), ...events], reset: false };
};
