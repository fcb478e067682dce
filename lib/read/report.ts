import { toNumber } from '../format/parse';
import { formatString } from '../format/value';
import { naturalOrder } from '../sources/read';
import type { ReadSample } from './samples';
import { usualGap } from './gaps';
import { SeenSamples } from './seen-samples';
import { keyMatcher } from './select';
import { ValueSketch } from './sketch';
import type { Summary } from './stats';
import { localIso } from './time';

/** A key's figures over the period: a count's total, else min/avg/p95/max and when the maximum was. */
export type KeySummary = (Summary & { readonly max_at: string }) | { readonly count: number; readonly total: number };

export interface HostReport {
  readonly host: string;
  readonly samples: number;
  /** samples of `record` or `calibrate` in the logs, not counted as samples */
  readonly other: number;
  readonly from: string;
  readonly to: string;
  /** runs that should have happened and have no sample here: gaps of the expected interval within a boot */
  readonly missed: number;
  readonly interval_s: number;
  readonly reboots: string[];
  /** keys that held one value all period: said once */
  readonly constants: Record<string, number | string>;
  readonly keys: Record<string, KeySummary>;
  readonly by?: Array<{ period: string; samples: number; values: Record<string, number> }>;
  readonly events: Array<{ time: string; text: string }>;
  /** events past the most a report keeps of a host, only counted */
  readonly events_left_out?: number;
}

/** What report keeps of one key of one host: its first value, its numbers (as a sketch: bounded), its largest and when. */
interface KeyAcc {
  readonly first: string;
  varies: boolean;
  readonly values: ValueSketch;
  max: number;
  /** the first time the largest value was seen */
  maxXid: number;
}

/** How a key of a sample is taken: counted, told as an event (errors and warnings), or passed over. */
type KeyRole = KeyAcc | 'event' | 'other';

/** What report keeps of one host while the logs stream past: aggregates, never the samples. */
interface HostAcc {
  samples: number;
  /** samples of record or calibrate: values, but not the machine's runs */
  other: number;
  first: number;
  last: number;
  lastXid: number | undefined;
  readonly gaps: number[];
  readonly reboots: number[];
  /** every key the host's samples had, and how it is taken */
  readonly keys: Map<string, KeyRole>;
  readonly periods: Map<string, { samples: number; sums: Map<string, [number, number]> }>;
  readonly events: Array<{ xid: number; text: string }>;
  /** events past MAX_EVENTS_PER_HOST, only counted */
  eventsLeftOut: number;
}

/** What a report holds at most, so that its memory follows what it prints whatever the logs hold: hosts, and events a host. */
export const MAX_HOSTS = 1000;
export const MAX_EVENTS_PER_HOST = 1000;

/**
 * `flightlog report`'s figures, per host, per numeric key: count, min, average, p95 (nearest rank), max
 * and when the max was; a count of events (`_new`) is summed instead. Keys that held one value all
 * period go once into the header. Missed runs are counted from the expected interval (the host's usual
 * spacing): a run that never happened and a sample lost on its way alike. Lines that are not samples
 * (record's, calibrate's) are not counted as samples. `by` adds sar-style rows of averages. Samples are
 * added as the logs stream past: per host it keeps each selected key's numbers and the events, so
 * memory follows what the report holds, not the size of the logs. A sample read twice (a copy of a
 * log) counts once.
 */
export class ReportBuilder {
  private readonly hosts = new Map<string, HostAcc>();
  /** the samples counted: one read twice (a copy of a log) counts once */
  private counted = new SeenSamples();
  /** every key the samples had, selected or not: a pattern that matched none of them is an error */
  readonly keysSeen = new Set<string>();
  private readonly wanted: (key: string) => boolean;

  constructor(
    private readonly patterns: readonly string[],
    private readonly by: 'hour' | 'day' | undefined,
  ) {
    this.wanted = patterns.length === 0 ? () => true : keyMatcher(patterns);
  }

  /** samples of hosts past the first MAX_HOSTS, left out (the report says so) */
  leftOut = 0;

  /** Counts a sample in; false for one left out (a host past MAX_HOSTS) or read before (a copy of a log). */
  add(s: ReadSample): boolean {
    let acc = this.hosts.get(s.host);
    if (acc === undefined && this.hosts.size >= MAX_HOSTS) {
      this.leftOut++;
      return false;
    }
    if (!this.counted.add(s.host, s.pid, s.xid)) {
      for (const k of s.values.keys()) this.keysSeen.add(k);
      return false;
    }
    if (acc === undefined) {
      acc = {
        samples: 0,
        other: 0,
        first: s.xid,
        last: s.xid,
        lastXid: undefined,
        gaps: [],
        reboots: [],
        keys: new Map(),
        periods: new Map(),
        events: [],
        eventsLeftOut: 0,
      };
      this.hosts.set(s.host, acc);
    }
    this.addTo(acc, s);
    return true;
  }

  /**
   * One report per host, hosts in order, once: what they were made from is let go as they are made (a
   * fleet's sketches and the samples seen are tens of MiB that a page and the output need no longer).
   */
  reports(): HostReport[] {
    const reports = [...this.hosts.keys()].sort().map((host) => {
      const report = hostReport(host, this.hosts.get(host) as HostAcc, this.patterns);
      this.hosts.delete(host);
      return report;
    });
    this.counted = new SeenSamples();
    return reports;
  }

  /** How a key met for the first time at a host is taken; the key is told to keysSeen then. */
  private roleOf(key: string, value: string): KeyRole {
    this.keysSeen.add(key);
    if (key.endsWith('.error') || key === 'run.warning') return 'event';
    if (!this.wanted(key) || key === 'run.boot') return 'other';
    return { first: value, varies: false, values: new ValueSketch(), max: -Infinity, maxXid: 0 };
  }

  private addTo(acc: HostAcc, s: ReadSample): void {
    for (const e of s.events) tell(acc, s.xid, [...e].map(([k, v]) => `${k}=${formatString(v)}`).join(' '));
    acc.first = Math.min(acc.first, s.xid);
    acc.last = Math.max(acc.last, s.xid);
    // record's and calibrate's lines have values but are not the machine's samples: not counted, no gaps
    const isRun = s.values.has('run.v');
    const boot = s.values.get('run.boot');
    if (isRun) {
      acc.samples++;
      const newBoot = boot === 'new' || s.values.get('run.first') === '1';
      if (acc.lastXid !== undefined && !newBoot && s.xid > acc.lastXid) acc.gaps.push(s.xid - acc.lastXid);
      acc.lastXid = s.xid;
    } else acc.other++;
    const bucket = this.by === undefined ? undefined : bucketOf(acc, periodOf(s.xid, this.by));
    if (bucket !== undefined && isRun) bucket.samples++;
    // a sample's events first, then its errors and warnings, then its reboot
    const told: string[] = [];
    // forEach, not for…of: no [key, value] pair made for each of a month's millions of values
    s.values.forEach((v, k) => {
      let role = acc.keys.get(k);
      if (role === undefined) {
        role = this.roleOf(k, v);
        acc.keys.set(k, role);
      } else if (typeof role === 'object' && role.first !== v) role.varies = true;
      if (role === 'event') told.push(`${k}=${formatString(v)}`);
      if (typeof role !== 'object') return;
      const n = toNumber(v);
      if (n === undefined) return;
      role.values.push(n);
      if (n > role.max) {
        role.max = n;
        role.maxXid = s.xid;
      }
      if (bucket !== undefined) {
        const sum = bucket.sums.get(k);
        if (sum === undefined) bucket.sums.set(k, [n, 1]);
        else {
          sum[0] += n;
          sum[1]++;
        }
      }
    });
    for (const text of told) tell(acc, s.xid, text);
    if (boot === 'new') {
      acc.reboots.push(s.xid);
      // the boot module's own event (with the reason) says it already: one reboot is told once
      if (!s.events.some((e) => e.get('event') === 'boot')) tell(acc, s.xid, 'reboot');
    }
  }
}

/** An event of a host, kept while the host has fewer than MAX_EVENTS_PER_HOST, else counted. */
function tell(acc: HostAcc, xid: number, text: string): void {
  if (acc.events.length < MAX_EVENTS_PER_HOST) acc.events.push({ xid, text });
  else acc.eventsLeftOut++;
}

/** The local hour or day a time falls in, as a row of --by names it. */
function periodOf(xid: number, by: 'hour' | 'day'): string {
  const iso = localIso(xid);
  return by === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00`;
}

function bucketOf(acc: HostAcc, period: string): { samples: number; sums: Map<string, [number, number]> } {
  let bucket = acc.periods.get(period);
  if (bucket === undefined) {
    bucket = { samples: 0, sums: new Map() };
    acc.periods.set(period, bucket);
  }
  return bucket;
}

function hostReport(host: string, acc: HostAcc, patterns: readonly string[]): HostReport {
  const interval = usualGap(acc.gaps);
  const missed = acc.gaps.reduce((n, gap) => n + Math.max(0, Math.round(gap / interval) - 1), 0);
  const constants: Record<string, number | string> = {};
  const keys: Record<string, KeySummary> = {};
  const counted = new Map([...acc.keys].filter((entry): entry is [string, KeyAcc] => typeof entry[1] === 'object'));
  const present = [...counted.keys()].sort(naturalOrder);
  const ordered =
    patterns.length === 0 ? present : [...new Set(patterns.flatMap((p) => present.filter(keyMatcher([p]))))];
  for (const key of ordered) {
    const { first, varies, values, maxXid } = counted.get(key) as KeyAcc;
    // one value all period (and more than one sample to say so): the header's
    if (!varies && acc.samples + acc.other > 1 && !key.endsWith('_new')) {
      constants[key] = toNumber(first) ?? first;
      continue;
    }
    if (values.count === 0) continue;
    if (key.endsWith('_new')) {
      keys[key] = { count: values.count, total: values.sum };
      continue;
    }
    const summary: Summary = {
      count: values.count,
      min: values.min,
      avg: values.sum / values.count,
      p95: values.p95() as number,
      max: values.max,
    };
    keys[key] = { ...summary, max_at: localIso(maxXid) };
  }
  // in time order; within one sample, as they were read
  const events = acc.events
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.xid - b.xid || a.i - b.i)
    .map((e) => ({ time: localIso(e.xid), text: e.text }));
  const by =
    acc.periods.size === 0
      ? {}
      : {
          by: [...acc.periods]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([period, b]) => ({
              period,
              samples: b.samples,
              values: Object.fromEntries(
                Object.keys(keys).flatMap((k) => {
                  const sum = b.sums.get(k);
                  return sum === undefined ? [] : [[k, k.endsWith('_new') ? sum[0] : sum[0] / sum[1]]];
                }),
              ),
            })),
        };
  return {
    host,
    samples: acc.samples,
    other: acc.other,
    from: localIso(acc.first),
    to: localIso(acc.last),
    missed,
    interval_s: interval,
    reboots: acc.reboots.sort((a, b) => a - b).map(localIso),
    constants,
    keys,
    ...by,
    events,
    ...(acc.eventsLeftOut > 0 ? { events_left_out: acc.eventsLeftOut } : {}),
  };
}
