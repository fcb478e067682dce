import { rmSync } from 'node:fs';
import type { Field } from '../core/sample';
import { readReports, reportsDir } from '../events/queue';
import type { EventModule } from '../events/types';

/**
 * app: see its entry in ./registry.ts. What applications and scripts reported with `flightlog event
 * crash NAME` and `flightlog event note TEXT…` since the last run (memfaultd's crash reports, without a
 * daemon), from any local user.
 */
export const app: EventModule = {
  collect: async ({ statePath }) => {
    const { reports, files } = readReports(reportsDir(statePath));
    const events = reports.map((e): Field[] => [
      ...(e.kind === 'crash' ? [['event', 'crash'], ['name', e.name]] as Field[] : [['event', 'note'], ['text', e.text]] as Field[]),
      ['uid', e.uid], ['reported', new Date(e.timeMs).toISOString()],
    ]);
    const crashes = reports.flatMap((e) => (e.kind === 'crash' ? [{ name: e.name }] : []));
    return { fields: [['app.crashes_new', crashes.length]], events, crashes, commit: () => { for (const f of files) rmSync(f, { force: true }); } };
  },
};
