/**
 * What one core of a machine does: work units per second at 10, 20, … 100 % busy (lib/replay/cpu-load.ts
 * measures it; a work unit is 1000 steps of a linear congruential generator). Replay uses the tables of
 * both machines to turn a recorded busy % into the same work here.
 */
export interface Calibration {
  readonly cores: number;
  /** [busy %, work units per second], busy ascending */
  readonly table: ReadonlyArray<readonly [number, number]>;
}

export const LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

/** Work units per second of one core at `pct` % busy: the table, linear between its points and from (0, 0). */
export function workAt(cal: Calibration, pct: number): number {
  const points: Array<readonly [number, number]> = [[0, 0], ...cal.table];
  const p = Math.max(0, Math.min(100, pct));
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as readonly [number, number];
    const [x1, y1] = points[i] as readonly [number, number];
    if (p <= x1) return y0 + ((p - x0) / (x1 - x0)) * (y1 - y0);
  }
  return (points[points.length - 1] as readonly [number, number])[1];
}

/** The busy % at which one core does `work` units per second (the inverse of workAt); over 100 % when it cannot. */
export function busyFor(cal: Calibration, work: number): number {
  const points: Array<readonly [number, number]> = [[0, 0], ...cal.table];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as readonly [number, number];
    const [x1, y1] = points[i] as readonly [number, number];
    if (work <= y1 && y1 > y0) return x0 + ((work - y0) / (y1 - y0)) * (x1 - x0);
  }
  const [, top] = points[points.length - 1] as readonly [number, number];
  return top > 0 ? (work / top) * 100 : 0;
}

/**
 * The busy % this machine must run at to do the work the source did at `sourcePct`: the source's
 * work (cores × work per core at that level), spread over this machine's cores. Above 100 % this
 * machine cannot keep up: it runs at 100 and `saturated` says so.
 */
export function translateBusy(
  sourcePct: number,
  source: Calibration,
  here: Calibration,
): { pct: number; saturated: boolean } {
  const work = (source.cores * workAt(source, sourcePct)) / here.cores;
  const pct = busyFor(here, work);
  return pct > 100 ? { pct: 100, saturated: true } : { pct, saturated: false };
}

/** The way back: the source's busy % that the work done here at `herePct` stands for. */
export function sourceBusy(herePct: number, source: Calibration, here: Calibration): number {
  return busyFor(source, (here.cores * workAt(here, herePct)) / source.cores);
}
