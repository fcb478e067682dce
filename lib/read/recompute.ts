import type { ModuleBaseline, SubjectBaseline } from '../derive/delta';
import { deriveModule } from '../derive/index';
import { SAMPLING } from '../modules/registry';
import { formatValue, RAW_PREFIX } from '../format/value';
import type { Reading } from '../core/reading';
import type { ReadSample } from './samples';
import { splitKey } from '../format/key';

/** A module's raw counters in one sample, as the readings they were written from. */
function rawReadings(sample: ReadSample): Map<string, Reading[]> {
  const bySubject = new Map<
    string,
    { module: string; subject?: string; counters: Record<string, bigint>; identity?: string }
  >();
  for (const [key, value] of sample.values) {
    const { module, subject, field } = splitKey(key);
    if (!field.startsWith(RAW_PREFIX) || subject?.includes('.')) continue;
    const id = `${module}.${subject ?? ''}`;
    const entry = bySubject.get(id) ?? { module, ...(subject === undefined ? {} : { subject }), counters: {} };
    const name = field.slice(RAW_PREFIX.length);
    if (name === 'identity') entry.identity = value;
    else if (/^\d+$/.test(value)) entry.counters[name] = BigInt(value);
    bySubject.set(id, entry);
  }
  const out = new Map<string, Reading[]>();
  for (const e of bySubject.values()) {
    const reading: Reading = {
      ...(e.subject === undefined ? {} : { subject: e.subject }),
      gauges: {},
      counters: e.counters,
      ...(e.identity === undefined ? {} : { identity: e.identity }),
    };
    out.set(e.module, [...(out.get(e.module) ?? []), reading]);
  }
  return out;
}

/**
 * `grep --recompute`: derives every rate again from the raw counters (`modules.<name>.raw: true`) of each
 * host's consecutive samples, with the sampler's own code (lib/derive), and puts the results in place
 * of the values written. A pair across a reboot (`run.boot=new`) or without `run.uptime_s` gives none.
 * Samples are changed in place; they must be in time order.
 */
export async function recompute(samples: readonly ReadSample[]): Promise<void> {
  const last = new Map<string, { uptimeS: number; readings: Map<string, Reading[]> }>();
  for (const sample of samples) {
    const uptimeS = Number(sample.values.get('run.uptime_s'));
    const readings = rawReadings(sample);
    if (readings.size === 0 || !Number.isFinite(uptimeS)) continue;
    const before = sample.values.get('run.boot') === 'new' ? undefined : last.get(sample.host);
    last.set(sample.host, { uptimeS, readings });
    if (before === undefined || uptimeS <= before.uptimeS) continue;
    const kernelBits = sample.values.get('run.kernel_bits') === '32' ? 32 : 64;
    for (const [module, current] of readings) {
      const previous = before.readings.get(module);
      const entry = SAMPLING.find((e) => e.name === module);
      if (previous === undefined || entry === undefined) continue;
      const { derive } = await entry.load();
      const subjects = new Map<string, SubjectBaseline>(
        previous.map((r) => [
          r.subject ?? '',
          r.identity === undefined ? { counters: r.counters } : { counters: r.counters, identity: r.identity },
        ]),
      );
      const baseline: ModuleBaseline = { uptimeS: before.uptimeS, subjects };
      for (const [key, value] of deriveModule(module, derive, current, baseline, {
        uptimeS,
        kernelBits,
        withRates: true,
      })) {
        const text = formatValue(value);
        if (text !== undefined) sample.values.set(key, typeof value === 'number' ? text : value);
      }
    }
  }
}
