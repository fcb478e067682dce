import type { Field } from '../../core/sample';
import { gaugeFields, type Deriver } from '../../derive/types';

/**
 * Watts from a RAPL energy counter, which wraps at its max_energy_range_uj: a step back is taken as one
 * wrap (after + range − before). Without a known range a step back is a reset.
 */
export const derivePower: Deriver = (curr, pair) => {
  const gauges = gaugeFields(curr);
  const after = curr.counters.energy_uj;
  const before = pair?.prev.counters.energy_uj;
  if (pair === undefined || after === undefined || before === undefined) return { fields: gauges, reset: false };
  const range = curr.info?.max_energy_range_uj;
  let delta = after - before;
  if (delta < 0n) {
    if (range === undefined || before > BigInt(range)) return { fields: gauges, reset: true };
    delta += BigInt(range);
  }
  const fields: Field[] = pair.elapsedS > 0 ? [['power_w', Number(delta) / 1e6 / pair.elapsedS]] : [];
  return { fields: [...fields, ...gauges], reset: false };
};
