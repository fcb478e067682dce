import type { Field } from '../../core/sample';
import { increase, steppedBack } from '../../derive/delta';
import { gaugeFields, rateFields, type Deriver } from '../../derive/types';

const PRESSURE = ['cpu_some', 'cpu_full', 'memory_some', 'memory_full', 'io_some', 'io_full'] as const;

/** A cgroup's share of the machine's CPUs, I/O rates, OOM counts and stall shares; any counter stepping back is a reset. */
export const deriveCgroup: Deriver = (curr, pair) => {
  const gauges = gaugeFields(curr, ['memory_bytes', 'memory_peak_bytes', 'pids']);
  if (pair === undefined) return { fields: gauges, reset: false };
  if (Object.keys(curr.counters).some((n) => steppedBack(pair, n))) return { fields: gauges, reset: true };
  const fields: Field[] = [];
  const usage = increase(pair, 'cpu_usage_us');
  const cpus = curr.gauges.cpus;
  if (usage !== undefined && cpus !== undefined)
    fields.push(['cpu_busy_pct', (Number(usage) / (pair.elapsedS * 1e6 * cpus)) * 100]);
  fields.push(...gauges, ...rateFields(pair, ['read_bytes', 'write_bytes'], (n) => increase(pair, n)));
  for (const [counter, key] of [
    ['oom', 'oom_new'],
    ['oom_kills', 'oom_kills_new'],
  ] as const) {
    const d = increase(pair, counter);
    if (d !== undefined) fields.push([key, Number(d)]);
  }
  for (const p of PRESSURE) {
    const d = increase(pair, `${p}_us`);
    if (d !== undefined) fields.push([`${p}_pct`, (Number(d) / (pair.elapsedS * 1e6)) * 100]);
  }
  return { fields, reset: false };
};
