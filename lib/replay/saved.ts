import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Field } from '../core/sample';
import { toNumber } from '../format/parse';
import type { ReadSample } from '../read/samples';
import { writeAtomically } from '../io/file';
import { LEVELS, type Calibration } from './calibration';

/** This machine's table: calibration.json beside the state file. */
export const calibrationPath = (stateDir: string): string => join(stateDir, 'calibration.json');

export function saveCalibration(path: string, cal: Calibration, timeMs: number): void {
  writeAtomically(
    path,
    `${JSON.stringify({ time: new Date(timeMs).toISOString(), cores: cal.cores, table: cal.table })}\n`,
    0o644,
  );
}

/** The saved table, or undefined when this machine was never calibrated (or the file is not one). */
export function loadCalibration(path: string): Calibration | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { cores?: unknown; table?: unknown };
    const table = raw.table;
    if (
      typeof raw.cores !== 'number' ||
      !Array.isArray(table) ||
      !table.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number'))
    )
      return undefined;
    return { cores: raw.cores, table: table as Array<[number, number]> };
  } catch {
    return undefined;
  }
}

/** The table as a line, so that it travels with the machine's logs: calibrate.cores, calibrate.<pct>.work_per_s. */
export const calibrationFields = (cal: Calibration): Field[] => [
  ['calibrate.cores', cal.cores],
  ...cal.table.map(([pct, work]): Field => [`calibrate.${pct}.work_per_s`, work]),
];

/** The latest table a host's logs carry (its `flightlog calibrate` line), or undefined. */
export function calibrationOf(samples: readonly ReadSample[]): Calibration | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const v = (samples[i] as ReadSample).values;
    const cores = toNumber(v.get('calibrate.cores') ?? '');
    if (cores === undefined) continue;
    const table = LEVELS.map((pct): [number, number] => [
      pct,
      toNumber(v.get(`calibrate.${pct}.work_per_s`) ?? '') ?? Number.NaN,
    ]);
    if (table.every(([, w]) => Number.isFinite(w))) return { cores, table };
  }
  return undefined;
}

/** A machine of `cores` cores whose work grows in proportion to its busy %: what replay assumes without a table. */
export const proportional = (cores: number): Calibration => ({
  cores,
  table: LEVELS.map((pct): [number, number] => [pct, pct]),
});
