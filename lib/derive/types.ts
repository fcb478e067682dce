import type { Field } from '../core/sample';
import type { ModuleSettings, Reading } from '../core/reading';
import { perSecond, type ModuleBaseline, type Pair } from './delta';

/**
 * Turns one subject's reading into its fields (names relative to the subject: `rx_bytes_per_s`), in the
 * module's documented order. Without a pair (no baseline: first sample with `--first-interval 0`, a new
 * subject) only the gauges come out. `reset` says the counters cannot be trusted this run: the rate
 * fields are then left out and `<subject>.reset=1` is written instead. `parts` gives the module's
 * other subjects with their pairs, for a whole made from its parts.
 */
export type Deriver = (
  curr: Reading,
  pair: Pair | undefined,
  parts?: () => ReadonlyArray<Part>,
) => { readonly fields: Field[]; readonly reset: boolean };

/** Another subject of the same module, with its pair when it has a baseline. */
export interface Part {
  readonly curr: Reading;
  readonly pair: Pair | undefined;
}

/** The gauges of a reading, in the order the module gave them. */
export const gaugeFields = (curr: Reading, names?: readonly string[]): Field[] =>
  (names ?? Object.keys(curr.gauges)).flatMap((name): Field[] => {
    const v = curr.gauges[name];
    return v === undefined ? [] : [[name, v]];
  });

/** `<name>_per_s` for each counter name whose increase `deltaOf` can tell. */
export const rateFields = (
  pair: Pair,
  names: readonly string[],
  deltaOf: (name: string) => bigint | undefined,
): Field[] =>
  names.flatMap((name): Field[] => {
    const rate = perSecond(deltaOf(name), pair.elapsedS);
    return rate === undefined ? [] : [[`${name}_per_s`, rate]];
  });

/**
 * A module that ranks all its subjects at once rather than deriving each (proc: the busiest processes):
 * given every reading, the module's baseline (none without rates) and the time, its fields with full keys.
 */
export interface Ranking<S extends ModuleSettings = ModuleSettings> {
  rank(all: readonly Reading[], baseline: ModuleBaseline | undefined, uptimeS: number, settings: S): Field[];
}

/** How a module's readings become keys: each subject against its own baseline, or a ranking of them all. */
export type Derivation<S extends ModuleSettings = ModuleSettings> = Deriver | Ranking<S>;

/** Modules without counters: their text values (a site tag, a node's state) and then their gauges. */
export const gaugesOnly: Deriver = (curr) => ({
  fields: [...Object.entries(curr.labels ?? {}), ...gaugeFields(curr)],
  reset: false,
});
