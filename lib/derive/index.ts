import type { Field } from '../format/line';
import type { ModuleSettings, Reading } from '../modules/types';
import { NFS_RATES } from '../modules/nfs';
import { deriveCgroup } from './cgroup';
import { counterDeriver } from './counters';
import { deriveCpu } from './cpu';
import type { ModuleBaseline } from './delta';
import { deriveDisk } from './disk';
import { deriveMem } from './mem';
import { deriveNet } from './net';
import { deriveProc } from './proc';
import { derivePower } from './power';
import { derivePsi } from './psi';
import { gaugeFields, type Deriver } from './types';

const DERIVERS: Readonly<Record<string, Deriver>> = {
  cpu: deriveCpu, mem: deriveMem, net: deriveNet, disk: deriveDisk, psi: derivePsi, cgroup: deriveCgroup, power: derivePower,
  cpufreq: counterDeriver({ shares: [['throttle_ms', 'throttled_pct', 1000]], counts: [['throttles', 'throttles_new']] }),
  nfs: counterDeriver({ rates: NFS_RATES }),
};

/** Modules without counters: their text values (a site tag, a node's state) and then their gauges. */
const gaugesOnly: Deriver = (curr) => ({ fields: [...Object.entries(curr.labels ?? {}), ...gaugeFields(curr)], reset: false });

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
export function deriveModule(module: string, readings: readonly Reading[], baseline: ModuleBaseline | undefined, ctx: DeriveContext, settings: ModuleSettings = {}): Field[] {
  // proc ranks all processes together rather than writing each
  if (module === 'proc') return deriveProc(readings, ctx.withRates ? baseline : undefined, ctx.uptimeS, settings);
  const derive = DERIVERS[module] ?? gaugesOnly;
  const fields: Field[] = [];
  if (ctx.withRates && baseline === undefined && readings.some((r) => Object.keys(r.counters).length > 0)) fields.push([`${module}.new`, 1]);
  const elapsedS = baseline === undefined ? 0 : ctx.uptimeS - baseline.uptimeS;
  for (const curr of readings) {
    const prefix = curr.subject === undefined ? module : `${module}.${curr.subject}`;
    if (curr.error !== undefined) {
      fields.push([`${prefix}.error`, curr.error]);
      continue;
    }
    const prev = baseline?.subjects.get(curr.subject ?? '');
    const counted = Object.keys(curr.counters).length > 0;
    const paired = ctx.withRates && prev !== undefined && elapsedS > 0;
    const { fields: own, reset } = derive(curr, paired ? { prev, curr, elapsedS, kernelBits: ctx.kernelBits } : undefined);
    if (reset) fields.push([`${prefix}.reset`, 1]);
    else if (ctx.withRates && baseline !== undefined && prev === undefined && counted) fields.push([`${prefix}.new`, 1]);
    for (const [name, value] of own) fields.push([`${prefix}.${name}`, value]);
  }
  return fields;
}
