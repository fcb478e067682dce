import type { ModuleSettings, Reading } from '../core/reading';
import type { Derivation } from '../derive/types';
import type { Sources } from '../sources/read';

/**
 * A sampling module's code: how it reads and how its readings become keys. Its name, sources, settings
 * and keys are data in its entry (`lib/modules/<name>/entry.ts`), which loads this code only when it
 * runs; `S` is the settings its entry gives it.
 */
export interface Module<S extends ModuleSettings = ModuleSettings> {
  read(src: Sources, settings: S): Promise<Reading[]>;
  /** every module says how its readings become keys, counters or not: no key is lost to a missing deriver */
  readonly derive: Derivation<S>;
}
