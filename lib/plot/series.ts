import { toNumber } from '../format/parse';
import { startsSegment, typicalInterval } from '../read/gaps';
import type { ReadSample } from '../read/samples';
import { unitOf } from './units';

/** One line of a chart: [time ms, value] points; null marks a gap the line must not cross. */
export interface Series {
  readonly name: string;
  readonly key: string;
  readonly unit: string;
  readonly points: Array<readonly [number, number | null]>;
}

/**
 * One series per key and host. Between two samples that do not follow each other (a reboot, missed
 * runs, a silence: see read/gaps.ts) a null point is put, so no line is ever drawn across the gap.
 */
export function buildSeries(samples: readonly ReadSample[], keys: readonly string[], intervalS?: number): Series[] {
  const byHost = new Map<string, ReadSample[]>();
  for (const s of samples) {
    const list = byHost.get(s.host) ?? [];
    list.push(s);
    byHost.set(s.host, list);
  }
  const many = byHost.size > 1;
  const out: Series[] = [];
  for (const [host, list] of byHost) {
    const interval = intervalS ?? typicalInterval(list);
    for (const key of keys) {
      const points: Array<readonly [number, number | null]> = [];
      let prev: ReadSample | undefined;
      for (const s of list) {
        const value = toNumber(s.values.get(key));
        if (prev !== undefined && startsSegment(prev, s, interval)) points.push([(prev.xid + 1) * 1000, null]);
        // a sample without this key (a reset, a first run) is a gap for this key alone
        points.push([s.xid * 1000, value ?? null]);
        prev = s;
      }
      if (points.some(([, v]) => v !== null))
        out.push({ name: many ? `${host} ${key}` : key, key, unit: unitOf(key), points });
    }
  }
  return out;
}

/** A moment a chart marks with a vertical line: a reboot (and why the boot before it ended), runs that never happened. */
export interface Mark {
  readonly timeMs: number;
  readonly label: string;
  readonly kind: 'reboot' | 'missed';
}

/** The reboots and missed runs of the samples, each with its label (the host's name first when there are several). */
export function buildMarks(samples: readonly ReadSample[]): Mark[] {
  const many = new Set(samples.map((s) => s.host)).size > 1;
  const out: Mark[] = [];
  for (const s of samples) {
    const who = many ? `${s.host}: ` : '';
    if (s.values.get('run.boot') === 'new') {
      const reason = s.events.find((e) => e.get('event') === 'boot')?.get('reason');
      out.push({
        timeMs: s.xid * 1000,
        kind: 'reboot',
        label: `${who}reboot${reason === undefined ? '' : ` (${reason})`}`,
      });
    }
    const missed = toNumber(s.values.get('run.missed'));
    if (missed !== undefined && missed > 0)
      out.push({ timeMs: s.xid * 1000, kind: 'missed', label: `${who}${missed} missed` });
  }
  return out;
}
