import type { Field, ModuleFields, Ring } from '../core/sample';
import type { Derived } from './derive-all';
import { rawFields } from './raw';
import type { Enabled, Snapshot } from './read-all';
import { summarise } from './summary';

/**
 * The stage after derive: each module's fields as they are written this run. A module with `raw: true`
 * adds the counters its rates came from; one with `every: N` goes into its multi-rate window and is
 * written as the window's summary every Nth run (its errors at once). Rings live on, across reboots
 * too, while their module keeps its `every` (one this machine lacks this run keeps its ring).
 */
export function rawAndWindows(
  enabled: readonly Enabled[],
  derived: readonly Derived[],
  snap: Snapshot,
  previous: Readonly<Record<string, Ring>> | undefined,
  cadence: { readonly xid: number; readonly interval: number },
): { modules: ModuleFields[]; errors: number; summaries: Record<string, Ring> } {
  const modules: ModuleFields[] = [];
  const summaries: Record<string, Ring> = {};
  for (const { name, settings } of enabled) {
    const ring = previous?.[name];
    if (settings.every !== undefined && ring !== undefined) summaries[name] = ring;
  }
  let errors = 0;
  for (const { module, settings, fields: own } of derived) {
    const result = snap.results.get(module);
    let fields: Field[] = settings.raw && result?.ok ? [...own, ...rawFields(module, result.readings)] : own;
    const failed = fields.filter(([key]) => key.endsWith('.error'));
    errors += failed.length;
    if (settings.every !== undefined) {
      // errors are written when they happen; the values wait for the end of the window
      const { out, ring } = summarise(
        module,
        fields.filter(([key]) => !key.endsWith('.error')),
        summaries[module],
        { ...cadence, every: settings.every },
      );
      if (ring === undefined) delete summaries[module];
      else summaries[module] = ring;
      fields = [...failed, ...out];
    }
    if (fields.length > 0) modules.push({ module, fields });
  }
  return { modules, errors, summaries };
}
