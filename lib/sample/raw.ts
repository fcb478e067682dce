import { RAW_PREFIX } from '../format/value';
import type { Field } from '../core/sample';
import type { Reading } from '../core/reading';

/**
 * Raw capture (`modules.<name>.raw: true`): the counters a module's rates were computed from, as the
 * kernel gave them (after the unit conversion of its parser), one key each, and the subject's
 * identity (a NIC's ifindex) as `raw_identity`:
 *   net.eth0.raw_rx_bytes=76000000 net.eth0.raw_identity=2 … cpu.raw_user=120000 …
 * With `run.uptime_s` and `run.kernel_bits`, written whenever a module is raw, `flightlog grep --recompute` derives the rates
 * again from two samples, the same way the sampler does (lib/read/recompute.ts). Counters are written as
 * whole decimals, however large.
 */
export function rawFields(module: string, readings: readonly Reading[]): Field[] {
  return readings.flatMap((r): Field[] => {
    const prefix = r.subject === undefined ? module : `${module}.${r.subject}`;
    const counters = Object.entries(r.counters).map(
      ([name, value]): Field => [`${prefix}.${RAW_PREFIX}${name}`, value.toString()],
    );
    return r.identity === undefined || counters.length === 0
      ? counters
      : [...counters, [`${prefix}.${RAW_PREFIX}identity`, r.identity]];
  });
}
