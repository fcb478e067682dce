import type { Field } from '../core/sample';
import type { ModuleSettings, Reading } from '../core/reading';
import { share, type ModuleBaseline, type Pair } from './delta';
import type { Derivation, Part } from './types';

export interface DeriveContext {
  /** /proc/uptime of this sample */
  readonly uptimeS: number;
  readonly kernelBits: 32 | 64;
  /** false on a baseline-only sample (first run of a boot with first_interval 0): no rates, no markers */
  readonly withRates: boolean;
}

/**
 * A module's fields for one sample, with full keys (`net.eth0.rx_bytes_per_s`). Each subject is matched
 * with its baseline by name; a subject without one is `.new=1`, a module without one `<module>.new=1`
 * (turned on since the last run, or failed then). Elapsed time is per module: a module that failed last
 * run kept its older baseline, so its rates cover the whole gap.
 */
export function deriveModule(
  module: string,
  derivation: Derivation,
  readings: readonly Reading[],
  baseline: ModuleBaseline | undefined,
  ctx: DeriveContext,
  settings: ModuleSettings = {},
): Field[] {
  if ('rank' in derivation)
    return derivation.rank(readings, ctx.withRates ? baseline : undefined, ctx.uptimeS, settings);
  const derive = derivation;
  const fields: Field[] = [];
  if (ctx.withRates && baseline === undefined && readings.some((r) => Object.keys(r.counters).length > 0))
    fields.push([`${module}.new`, 1]);
  const elapsedS = baseline === undefined ? 0 : ctx.uptimeS - baseline.uptimeS;
  const pairFor = (curr: Reading): Pair | undefined => {
    const prev = baseline?.subjects.get(curr.subject ?? '');
    return ctx.withRates && prev !== undefined && elapsedS > 0
      ? { prev, curr, elapsedS, kernelBits: ctx.kernelBits }
      : undefined;
  };
  // the subjects with their pairs, for a deriver that builds a whole from its parts (cpu: the aggregate from each CPU)
  const parts = (): Part[] =>
    readings.filter((r) => r.subject !== undefined).map((r) => ({ curr: r, pair: pairFor(r) }));
  for (const curr of readings) {
    const prefix = curr.subject === undefined ? module : `${module}.${curr.subject}`;
    if (curr.error !== undefined) {
      fields.push([`${prefix}.error`, curr.error]);
      continue;
    }
    const prev = baseline?.subjects.get(curr.subject ?? '');
    const counted = Object.keys(curr.counters).length > 0;
    const paired = ctx.withRates && prev !== undefined && elapsedS > 0;
    // a subject created anew under its name (a NIC's ifindex, a disk's diskseq): its counters start again
    const renewed =
      paired && prev.identity !== undefined && curr.identity !== undefined && prev.identity !== curr.identity;
    const { fields: own, reset: stepped } = derive(
      curr,
      paired && !renewed ? { prev, curr, elapsedS, kernelBits: ctx.kernelBits } : undefined,
      parts,
    );
    const reset = stepped || renewed;
    if (reset) fields.push([`${prefix}.reset`, 1]);
    else if (ctx.withRates && baseline !== undefined && prev === undefined && counted)
      fields.push([`${prefix}.new`, 1]);
    for (const [name, value] of own)
      fields.push([`${prefix}.${name}`, name.endsWith('_pct') && typeof value === 'number' ? share(value) : value]);
  }
  return fields;
}
