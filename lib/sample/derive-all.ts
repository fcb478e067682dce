import { deriveModule, type DeriveContext } from '../derive/index';
import type { ModuleBaseline } from '../derive/delta';
import type { Field } from '../core/sample';
import type { ModuleSettings } from '../core/reading';
import type { Enabled, Snapshot } from './read-all';

export interface Derived {
  readonly module: string;
  readonly settings: ModuleSettings;
  readonly fields: Field[];
}

/**
 * Every enabled module's fields for one snapshot against the baselines of an earlier one: a module
 * this machine lacks writes nothing, one that failed writes `<module>.error`, the others their keys.
 */
export function deriveAll(
  enabled: readonly Enabled[],
  snap: Snapshot,
  baselines: ReadonlyMap<string, ModuleBaseline> | undefined,
  ctx: DeriveContext,
): Derived[] {
  return enabled.flatMap(({ name, module, settings }): Derived[] => {
    const result = snap.results.get(name);
    if (result === undefined || (!result.ok && result.missing)) return [];
    if (!result.ok) return [{ module: name, settings, fields: [[`${name}.error`, result.error]] }];
    const fields = deriveModule(name, module.derive, result.readings, baselines?.get(name), ctx, settings);
    if (result.leftOut !== undefined) fields.push([`${name}.subjects_left_out`, result.leftOut]);
    return [{ module: name, settings, fields }];
  });
}
