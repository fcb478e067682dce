import type { Field } from '../core/sample';
import type { ModuleSettings } from '../core/reading';
import type { CommandRunner } from '../sources/command';
import type { Sources } from '../sources/read';
import type { State } from '../state/store';

/** What an event module knows when it runs. */
export interface EventContext<S extends ModuleSettings = ModuleSettings> {
  readonly src: Sources;
  /** its settings, as its entry gives them */
  readonly settings: S;
  /** what this module saved last run (its cursor), or undefined on its very first run */
  readonly cursor: unknown;
  readonly bootId: string;
  /** the previous run's state; undefined on the very first run */
  readonly prev: State | undefined;
  readonly sameBoot: boolean;
  readonly nowMs: number;
  readonly uptimeS: number;
  readonly run: CommandRunner;
  /** the state file: what `flightlog event` leaves for the next run is beside it */
  readonly statePath: string;
}

export interface EventResult {
  /** keys of the module's line (`kmsg.oom_new`), in order */
  readonly fields: Field[];
  /** one event line each, the first field `event=<kind>` */
  readonly events: Field[][];
  /** saved for the next run; undefined keeps none */
  readonly cursor?: unknown;
  /** the programs that crashed since the last run (`kernel` for the kernel): health counts them */
  readonly crashes?: readonly Crash[];
  /** called once the sample is saved: consume what was reported (a queue) */
  readonly commit?: () => void;
}

/**
 * An event module's code: it asks "what is new since the previous run", keeps a cursor for its source
 * in the state file (an offset, a sequence number, a time) and reports counts (`_new` keys) and events.
 * Its name, sources, settings and keys are data in its entry (`lib/modules/<name>/entry.ts`).
 */
export interface EventModule<S extends ModuleSettings = ModuleSettings> {
  collect(ctx: EventContext<S>): Promise<EventResult>;
}

/**
 * One crash an event module saw. Several modules can see the same one (a segfault in the kernel log,
 * its core dump, its accounting record): with the pid they are told to be one crash.
 */
export interface Crash {
  readonly name: string;
  readonly pid?: number;
}
