import type { Field } from '../../core/sample';
import { readReports, removeTaken, reportsDir } from '../../events/queue';
import type { EventModule } from '../../events/types';

/**
 * app: see ./entry.ts. What applications and scripts reported with `flightlog event
 * crash NAME` and `flightlog event note TEXT…` since the last run (memfaultd's crash reports, without a
 * daemon), from any local user. A report is a stranger's word: it becomes an event and counts in
 * app.crashes_new, but only root's crashes count in the machine's health (crash-free time, health.*).
 */
export const app: EventModule = {
  collect: async ({ statePath }) => {
    const { reports, files, dropped } = readReports(reportsDir(statePath));
    const events = reports.map((e): Field[] => [
      ...(e.kind === 'crash'
        ? ([
            ['event', 'crash'],
            ['name', e.name],
          ] as Field[])
        : ([
            ['event', 'note'],
            ['text', e.text],
          ] as Field[])),
      ['uid', e.uid],
      ['reported', new Date(e.timeMs).toISOString()],
    ]);
    const crashes = reports.filter((e) => e.kind === 'crash');
    const fields: Field[] = [['app.crashes_new', crashes.length]];
    if (dropped > 0) fields.push(['app.dropped_new', dropped]);
    return {
      fields,
      events,
      crashes: crashes.flatMap((e) => (e.kind === 'crash' && e.uid === 0 ? [{ name: e.name }] : [])),
      commit: () => removeTaken(files),
    };
  },
};
