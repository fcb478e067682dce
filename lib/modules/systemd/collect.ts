import { SourceMissing } from '../../core/errors';
import type { Field } from '../../core/sample';
import type { CommandRunner } from '../../sources/command';
import type { EventModule } from '../../events/types';

interface Cursor {
  readonly failed: readonly string[];
  readonly restarts: Readonly<Record<string, number>>;
}

/** systemd: see ./entry.ts for its keys, events and sources. */
export const systemd: EventModule = {
  collect: async ({ src, run, cursor, prev, sameBoot }) => {
    if ((await src.maybeList('run/systemd/system')) === undefined) throw new SourceMissing('/run/systemd/system');
    const [failed, restarts] = await Promise.all([failedUnits(run), restartCounts(run)]);
    const now: Cursor = { failed, restarts };
    const before = isCursor(cursor) && sameBoot ? cursor : { failed: [], restarts: {} };
    if (prev === undefined || (sameBoot && !isCursor(cursor)))
      return { fields: [['systemd.failed', failed.length]], events: [], cursor: now };
    const newlyFailed = failed.filter((u) => !before.failed.includes(u));
    const restarted = Object.entries(restarts).flatMap(([unit, n]): Array<[string, number]> => {
      const grew = n - (before.restarts[unit] ?? 0);
      return grew > 0 ? [[unit, grew]] : [];
    });
    const events: Field[][] = [
      ...newlyFailed.map((unit): Field[] => [
        ['event', 'unit_failed'],
        ['unit', unit],
      ]),
      ...restarted.map(([unit, n]): Field[] => [
        ['event', 'unit_restarted'],
        ['unit', unit],
        ['restarts_new', n],
      ]),
    ];
    return {
      fields: [
        ['systemd.failed', failed.length],
        ['systemd.failed_new', newlyFailed.length],
        ['systemd.restarts_new', restarted.reduce((a, [, n]) => a + n, 0)],
      ],
      events,
      cursor: now,
    };
  },
};

const isCursor = (c: unknown): c is Cursor =>
  typeof c === 'object' &&
  c !== null &&
  Array.isArray((c as Cursor).failed) &&
  typeof (c as Cursor).restarts === 'object';

async function failedUnits(run: CommandRunner): Promise<string[]> {
  const result = await run('systemctl', ['list-units', '--state=failed', '--no-legend', '--plain', '--no-pager']);
  if (result === undefined) throw new SourceMissing('systemctl');
  return result.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((u) => u !== '')
    .sort();
}

async function restartCounts(run: CommandRunner): Promise<Record<string, number>> {
  const result = await run('systemctl', ['show', '--no-pager', '-p', 'Id', '-p', 'NRestarts', '*.service']);
  const counts: Record<string, number> = {};
  if (result === undefined) return counts;
  for (const block of result.stdout.split(/\n\s*\n/)) {
    const id = /^Id=(.+)$/m.exec(block)?.[1];
    const n = /^NRestarts=(\d+)$/m.exec(block)?.[1];
    if (id !== undefined && n !== undefined) counts[id] = Number(n);
  }
  return counts;
}
