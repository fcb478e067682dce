import type { Config } from '../config/config';
import type { ModuleFields } from '../core/sample';
import type { Timings } from '../core/timings';
import { collectEvents, type Collected } from '../events/collect';
import { updateHealth } from '../events/health';
import type { CommandRunner } from '../sources/command';
import type { Sources } from '../sources/read';
import type { Health, State } from '../state/store';
import { enabledEventModules } from './enabled';

export interface EventsStage {
  readonly collected: Collected;
  readonly health: Health;
  /** the event modules' lines, then health's (unless the config turns health off) */
  readonly modules: ModuleFields[];
}

/**
 * The events stage: every event module the config turns on, each from its cursor (within a boot all
 * of them; across a reboot only those whose cursor means something then), and health from the crashes
 * they saw, each crash once.
 */
export async function eventsAndHealth(opts: {
  readonly config: Config;
  readonly src: Sources;
  readonly bootId: string;
  readonly prev: State | undefined;
  readonly sameBoot: boolean;
  readonly nowMs: number;
  readonly uptimeS: number;
  readonly run: CommandRunner;
  readonly only?: readonly string[] | undefined;
  readonly timings?: Timings | undefined;
}): Promise<EventsStage> {
  const { config, prev, sameBoot } = opts;
  const collected = await collectEvents(
    await enabledEventModules(config, opts.only),
    {
      src: opts.src,
      bootId: opts.bootId,
      prev,
      sameBoot,
      nowMs: opts.nowMs,
      uptimeS: opts.uptimeS,
      run: opts.run,
      statePath: config.state,
    },
    sameBoot ? (prev?.cursors ?? {}) : crossBootCursors(prev),
    config.events.maxPerModule,
    opts.timings,
  );
  const { health, fields } = updateHealth(prev, sameBoot, opts.uptimeS, collected.crashes);
  const modules =
    config.modules.health === false ? collected.modules : [...collected.modules, { module: 'health', fields }];
  return { collected, health, modules };
}

/** Cursors that mean something across a reboot (a file offset, a time); kmsg and systemd start again with each boot. */
function crossBootCursors(prev: State | undefined): Record<string, unknown> {
  const { kmsg: _kmsg, systemd: _systemd, ...rest } = prev?.cursors ?? {};
  return rest;
}
