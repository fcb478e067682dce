import type { Config } from '../config/config';
import type { ModuleSettings } from '../core/reading';
import type { EventModule } from '../events/types';
import { EVENTS, isEnabled, SAMPLING, settingsOf } from '../modules/registry';
import type { Enabled } from './read-all';

/** An event module the config turns on, its code loaded, with its settings. */
export interface EnabledEvent {
  readonly name: string;
  readonly module: EventModule;
  readonly settings: ModuleSettings;
}

/**
 * The sampling modules this config turns on (of `only`, when given), in the order their lines are
 * written. Only their code is loaded: a module that is off costs nothing.
 */
export async function enabledModules(config: Config, only?: readonly string[]): Promise<Enabled[]> {
  const chosen = SAMPLING.filter(
    (e) => (only === undefined || only.includes(e.name)) && isEnabled(e, config.modules[e.name]),
  );
  return Promise.all(
    chosen.map(
      async (e): Promise<Enabled> => ({
        name: e.name,
        module: await e.load(),
        settings: settingsOf(e, config.modules[e.name]),
      }),
    ),
  );
}

/** The event modules this config turns on (of `only`, when given), in the order they run. */
export async function enabledEventModules(config: Config, only?: readonly string[]): Promise<EnabledEvent[]> {
  const chosen = EVENTS.filter(
    (e) => (only === undefined || only.includes(e.name)) && isEnabled(e, config.modules[e.name]),
  );
  return Promise.all(
    chosen.flatMap((e) =>
      e.load === undefined
        ? []
        : [
            e
              .load()
              .then(
                (module): EnabledEvent => ({ name: e.name, module, settings: settingsOf(e, config.modules[e.name]) }),
              ),
          ],
    ),
  );
}
