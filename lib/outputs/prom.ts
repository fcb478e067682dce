import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleToProm } from '../format/prom';
import type { Sample } from '../core/sample';
import { describeKey } from '../modules/keys';
import { writeAtomically } from '../io/file';
import type { Output } from './types';

/** The running totals of the `_new` counts, and the time of the newest sample added to them (ms). */
interface Totals {
  readonly through: number;
  readonly counts: Record<string, number>;
}

/**
 * `prom`: <dir>/flightlog.prom for node_exporter's textfile collector, replaced atomically (temp file
 * and rename) so the collector never reads half a file. It holds the newest sample only: a gauge has
 * one value at a time. The counts of events since the previous run (`_new`) become counters of every
 * run's counts, kept in `totalsPath` (flightlog's own directory) and added to once a sample, in order
 * (a sample sent again after an outage is not counted twice). Each metric's # HELP is its key's
 * documentation in the module registry.
 */
export const promOutput = (dir: string, totalsPath: string): Output => ({
  name: 'prom',
  write: async (samples: readonly Sample[]) => {
    const newest = samples[samples.length - 1];
    if (newest === undefined) return;
    const totals = addedUp(loadTotals(totalsPath), samples);
    writeAtomically(totalsPath, `${JSON.stringify(totals)}\n`, 0o600);
    writeAtomically(
      join(dir, 'flightlog.prom'),
      sampleToProm(newest, describeKey, new Map(Object.entries(totals.counts))),
      0o644,
    );
  },
});

function loadTotals(path: string): Totals {
  try {
    const t = JSON.parse(readFileSync(path, 'utf8')) as Totals;
    if (
      typeof t.through === 'number' &&
      typeof t.counts === 'object' &&
      t.counts !== null &&
      Object.values(t.counts).every((n) => typeof n === 'number' && n >= 0)
    )
      return t;
  } catch {
    // none yet, or damaged: the counters start again, which Prometheus's increase() takes as a counter reset
  }
  return { through: -Infinity, counts: {} };
}

function addedUp(start: Totals, samples: readonly Sample[]): Totals {
  const counts = { ...start.counts };
  let through = start.through;
  for (const sample of samples) {
    if (sample.timeMs <= through) continue;
    through = sample.timeMs;
    for (const mod of sample.modules) {
      for (const [key, value] of mod.fields)
        if (key.endsWith('_new') && typeof value === 'number') counts[key] = (counts[key] ?? 0) + value;
    }
  }
  return { through, counts };
}
