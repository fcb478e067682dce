import type { Field, Ring } from '../core/sample';

/** At most this many keys per module are summarised, so the state file stays bounded. */
export const MAX_SUMMARY_KEYS = 4096;

export interface Cadence {
  readonly xid: number;
  /** seconds between runs (config `interval`) */
  readonly interval: number;
  /** write every Nth run (`modules.<name>.every`) */
  readonly every: number;
}

/**
 * Multi-rate: a module sampled on every run but written every Nth. Each run its fields go into the ring;
 * the window is N × interval seconds, aligned on the epoch, and the run whose next run would fall in
 * the next window writes the summary:
 *   <key>_min, <key>_avg, <key>_max   of each number (a rate over one interval: the peak interval shows in _max)
 *   <key>                             a count since the previous run (`_new`): the sum over the window
 *   <key>                             a text value: the last one
 *   <module>.summary_runs             how many runs the window holds: fewer than N after a reboot or a missed run
 *   <module>.summary_s                the window's length, N × interval
 * A ring left from an earlier window (its last run never came) is written first, by the next run.
 * `.new` and `.reset` markers are not summarised: a key's count of runs is in its _avg.
 */
export function summarise(
  module: string,
  fields: readonly Field[],
  ring: Ring | undefined,
  { xid, interval, every }: Cadence,
): { out: Field[]; ring: Ring | undefined } {
  const windowS = every * interval;
  const window = Math.floor(xid / windowS);
  const out: Field[] = [];
  let current = ring;
  if (current !== undefined && current.window !== window) {
    out.push(...written(module, current, windowS));
    current = undefined;
  }
  current = add(current ?? { window, runs: 0, keys: {} }, fields);
  if (Math.floor((xid + interval) / windowS) !== window) {
    out.push(...written(module, current, windowS));
    return { out, ring: undefined };
  }
  return { out, ring: current };
}

const isMarker = (key: string): boolean => key.endsWith('.new') || key.endsWith('.reset');

function add(ring: Ring, fields: readonly Field[]): Ring {
  const keys = { ...ring.keys };
  for (const [key, value] of fields) {
    if (isMarker(key)) continue;
    const had = keys[key];
    if (had === undefined && Object.keys(keys).length >= MAX_SUMMARY_KEYS) continue;
    if (typeof value === 'number') {
      keys[key] = Array.isArray(had)
        ? [Math.min(had[0], value), had[1] + value, Math.max(had[2], value), had[3] + 1]
        : [value, value, value, 1];
    } else {
      keys[key] = String(value);
    }
  }
  return { window: ring.window, runs: ring.runs + 1, keys };
}

function written(module: string, ring: Ring, windowS: number): Field[] {
  const out: Field[] = [];
  for (const [key, v] of Object.entries(ring.keys)) {
    if (typeof v === 'string') out.push([key, v]);
    else if (key.endsWith('_new')) out.push([key, v[1]]);
    else out.push([`${key}_min`, v[0]], [`${key}_avg`, v[1] / v[3]], [`${key}_max`, v[2]]);
  }
  out.push([`${module}.summary_runs`, ring.runs], [`${module}.summary_s`, windowS]);
  return out;
}
