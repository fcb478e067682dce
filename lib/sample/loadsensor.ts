import { monotonicMs } from '../core/clock';
import type { Config } from '../config/config';
import type { Field } from '../core/sample';
import { entryOf, isEnabled } from '../modules/registry';
import { kernelBits } from '../sources/kernel-bits';
import { Sources } from '../sources/read';
import { deriveAll } from './derive-all';
import { enabledModules } from './enabled';
import { baselinesOf, readAll, type Enabled, type Snapshot } from './read-all';
import { splitKey } from '../format/key';

/**
 * The load sensor's sampler: reads only the modules its keys come from, and derives each report
 * against the one before (the first against a baseline taken at start-up, at least first_interval
 * seconds earlier), so every report's rates cover the time since the last report.
 */
export class LoadSampler {
  private snap: Snapshot | undefined;
  private takenAt = 0;
  private enabled: Enabled[] | undefined;
  private readonly wanted: string[];

  constructor(
    private readonly config: Config,
    private readonly root: string,
    private readonly warn: (line: string) => void,
  ) {
    const wanted = new Set(Object.values(config.loadsensor.values).map((key) => splitKey(key).module));
    // a module the config switched off (or an opt-in one not switched on) is not read here either
    this.wanted = [...wanted].filter((name) => {
      const entry = entryOf(name);
      if (entry === undefined || isEnabled(entry, config.modules[name])) return true;
      warn(`module ${name} is off in the config: its keys are not reported; turn it on with modules.${name}: true`);
      return false;
    });
  }

  private async modules(): Promise<Enabled[]> {
    this.enabled ??= await enabledModules(this.config, this.wanted);
    return this.enabled;
  }

  /** The configured values that have a number now, in the config's order: [name, value]. */
  async report(sleep: (ms: number) => Promise<void>): Promise<Array<[string, number]>> {
    if (this.snap === undefined) await this.baseline();
    const waitMs = this.config.firstInterval * 1000 - (monotonicMs() - this.takenAt);
    if (waitMs > 0) await sleep(waitMs);
    const enabled = await this.modules();
    const next = await readAll(new Sources(this.root), enabled);
    const bits = await kernelBits(new Sources(this.root));
    const fields: Field[] = deriveAll(enabled, next, baselinesOf(this.snap as Snapshot, new Map()), {
      uptimeS: next.uptimeS,
      kernelBits: bits,
      withRates: true,
    }).flatMap((d) => d.fields);
    this.snap = next;
    this.takenAt = monotonicMs();
    const values = new Map(fields);
    for (const [key, value] of fields) if (key.endsWith('.error')) this.warn(`${key}: ${value}`);
    return Object.entries(this.config.loadsensor.values).flatMap(([name, key]): Array<[string, number]> => {
      const v = values.get(key);
      // only numbers: a text value or a missing one (no rate yet, no such device) is left out
      return typeof v === 'number' && Number.isFinite(v) ? [[name, v]] : [];
    });
  }

  async baseline(): Promise<void> {
    this.snap = await readAll(new Sources(this.root), await this.modules());
    this.takenAt = monotonicMs();
  }
}
