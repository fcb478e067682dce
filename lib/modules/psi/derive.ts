import type { Field } from '../../core/sample';
import { increase, steppedBack } from '../../derive/delta';
import type { Deriver } from '../../derive/types';

const LINES = [
  ['some_us', 'some_pct'],
  ['full_us', 'full_pct'],
] as const;

/** Stall share of the interval: Δtotal µs / (elapsed s × 10^6) × 100. */
export const derivePsi: Deriver = (_curr, pair) => {
  if (pair === undefined) return { fields: [], reset: false };
  if (LINES.some(([counter]) => steppedBack(pair, counter))) return { fields: [], reset: true };
  const fields = LINES.flatMap(([counter, key]): Field[] => {
    const d = increase(pair, counter);
    return d === undefined || pair.elapsedS <= 0 ? [] : [[key, (Number(d) / (pair.elapsedS * 1e6)) * 100]];
  });
  return { fields, reset: false };
};
