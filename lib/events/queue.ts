import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Field } from '../format/line';
import type { EventModule } from './types';

/** Where `flightlog event` leaves what it is told, for the next sample: beside the state file. */
export const queuePath = (statePath: string): string => join(dirname(statePath), 'events.jsonl');

export type Queued = { readonly kind: 'crash'; readonly name: string; readonly timeMs: number } | { readonly kind: 'note'; readonly text: string; readonly timeMs: number };

/** Appends one event (the caller holds the run lock). */
export function enqueue(statePath: string, event: Queued): void {
  mkdirSync(dirname(statePath), { recursive: true });
  appendFileSync(queuePath(statePath), `${JSON.stringify(event)}\n`, { mode: 0o600 });
}

function readQueue(path: string): Queued[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const e = JSON.parse(line) as Queued;
      return (e.kind === 'crash' && typeof e.name === 'string') || (e.kind === 'note' && typeof e.text === 'string') ? [e] : [];
    } catch {
      return [];
    }
  });
}

/**
 * app: what applications and scripts reported with `flightlog event crash NAME` and `flightlog event
 * note TEXT…` since the last run (memfaultd's crash reports, without a daemon).
 * key               unit   kind
 * app.crashes_new   count  new   crashes reported since the last run (0 when none)
 * event=crash name=… reported=<ISO time>    each counts for that program in health
 * event=note text="…" reported=<ISO time>
 * The queue (events.jsonl beside the state file) is emptied once the sample is saved.
 */
export const appEvents = (statePath: string): EventModule => ({
  name: 'app',
  sources: [queuePath(statePath)],
  collect: async () => {
    const path = queuePath(statePath);
    const queued = readQueue(path);
    const events = queued.map((e): Field[] => (e.kind === 'crash'
      ? [['event', 'crash'], ['name', e.name], ['reported', new Date(e.timeMs).toISOString()]]
      : [['event', 'note'], ['text', e.text], ['reported', new Date(e.timeMs).toISOString()]]));
    const crashes = queued.flatMap((e) => (e.kind === 'crash' ? [{ name: e.name }] : []));
    return { fields: [['app.crashes_new', crashes.length]], events, crashes, commit: () => rmSync(path, { force: true }) };
  },
});
