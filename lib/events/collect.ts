import { deadline } from '../core/deadline';
import { errorText, SourceMissing } from '../core/errors';
import type { Field, EventRecord, ModuleFields } from '../core/sample';
import { timed, type Timings } from '../core/timings';
import type { ModuleSettings } from '../core/reading';
import type { EventContext, EventModule } from './types';

/** However an event module's source behaves (a helper command, a log that never ends), it has this long. */
export const EVENT_MODULE_DEADLINE_MS = 30_000;

/** At most this many event lines per module per run, unless the config says otherwise (`events.max_per_module`). */
export const DEFAULT_MAX_EVENTS = 10;

export interface Collected {
  readonly modules: ModuleFields[];
  readonly events: EventRecord[];
  readonly cursors: Record<string, unknown>;
  readonly crashes: string[];
  readonly commits: Array<() => void>;
  readonly errors: number;
}

/**
 * Runs every enabled event module, each in its own try/catch like the sampling modules: a module
 * whose source this machine lacks writes nothing; one that fails writes `<module>.error` and keeps its
 * old cursor, so the next run reports what this one missed. Output stays bounded on a machine in
 * trouble: beyond `maxEvents` lines a module's further events are only counted
 * (`<module>.events_omitted_new`).
 */
export async function collectEvents(
  enabled: ReadonlyArray<{ readonly name: string; readonly module: EventModule; readonly settings: ModuleSettings }>,
  base: Omit<EventContext, 'settings' | 'cursor'>,
  previousCursors: Readonly<Record<string, unknown>>,
  maxEvents: number,
  timings?: Timings,
): Promise<Collected> {
  const out = {
    modules: [] as ModuleFields[],
    events: [] as EventRecord[],
    cursors: {} as Record<string, unknown>,
    crashes: [] as string[],
    commits: [] as Array<() => void>,
  };
  let errors = 0;
  // a crash that several modules saw (kernel log, core dump, accounting) counts once
  const seen = new Set<string>();
  for (const { name, module, settings } of enabled) {
    const previous = previousCursors[name];
    try {
      const result = await deadline(
        timed(timings, `events.${name}`, () => module.collect({ ...base, settings, cursor: previous })),
        EVENT_MODULE_DEADLINE_MS,
        `event module ${name}`,
      );
      const fields: Field[] = [...result.fields];
      if (result.events.length > maxEvents)
        fields.push([`${name}.events_omitted_new`, result.events.length - maxEvents]);
      if (fields.length > 0) out.modules.push({ module: name, fields });
      out.events.push(
        ...result.events.slice(0, maxEvents).map((fields_): EventRecord => ({ module: name, fields: fields_ })),
      );
      if (result.cursor !== undefined) out.cursors[name] = result.cursor;
      for (const crash of result.crashes ?? []) {
        const id = crash.pid === undefined ? undefined : `${crash.name}\0${crash.pid}`;
        if (id !== undefined && seen.has(id)) continue;
        if (id !== undefined) seen.add(id);
        out.crashes.push(crash.name);
      }
      if (result.commit) out.commits.push(result.commit);
    } catch (err) {
      if (err instanceof SourceMissing) continue;
      errors++;
      out.modules.push({ module: name, fields: [[`${name}.error`, errorText(err)]] });
      if (previous !== undefined) out.cursors[name] = previous;
    }
  }
  return { ...out, errors };
}
