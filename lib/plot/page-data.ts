import { toNumber } from '../format/parse';
import { MAX_EVENTS_PER_HOST, type HostReport } from '../read/report';
import { usualGap } from '../read/gaps';
import type { ReadSample } from '../read/samples';
import { Buckets, WIDTHS_S } from './buckets';
import { humanValue, unitOf } from './units';

/** A point of a page's line: [time ms, mean] for a bucket of one value, [time ms, mean, min, max] for more, [time ms, null] for a gap. */
export type PagePoint = [number, number | null] | [number, number, number, number];

export interface PageEvent {
  readonly timeMs: number;
  readonly kind: 'reboot' | 'crash' | 'oom' | 'failed' | 'other';
  readonly text: string;
}

/** One of the four figures of a host the fleet overview ranks by: the key (the busiest disk or NIC, say) and its p95 and max as `report` prints them. */
export interface Figure {
  readonly key: string;
  readonly p95: number;
  readonly max: number;
  readonly p95Text: string;
  readonly maxText: string;
}

/** A host's row in the fleet overview: `report`'s figures and the events of the period, counted. */
export interface OverviewRow {
  readonly samples: number;
  readonly missed: number;
  readonly reboots: number;
  /** reboots by the reason the boot module gave (unknown where a reboot came without one) */
  readonly reasons: Record<string, number>;
  readonly crashes: number;
  readonly oomKills: number;
  /** hours since the last crash at the last sample (health.crashfree_s), to a tenth, when the host counts it */
  readonly crashfreeH: number | null;
  readonly cpu: Figure | null;
  readonly mem: Figure | null;
  readonly disk: Figure | null;
  readonly net: Figure | null;
  /** cpu.busy_pct's line, for the row's small chart */
  readonly spark: PagePoint[];
}

/** One host's part of the page: its summary (report's text), its charts (one per module and unit), its events and its overview row. */
export interface HostPage {
  readonly host: string;
  readonly summary: string;
  readonly charts: ReadonlyArray<{ module: string; series: Array<{ key: string; unit: string; points: PagePoint[] }> }>;
  readonly events: readonly PageEvent[];
  readonly eventsLeftOut: number;
  readonly overview: OverviewRow;
}

/** Keys a chart leaves out: raw counters, the run's bookkeeping, the inventory, and counts of events (marked on the axis instead). */
const SKIP = /\.raw_|^run\.(v|version|first|boot|errors|duration_ms|interval_s)$|^inventory\.|_new$/;
/** At most this many keys in one chart: more would reuse colours and tangle; the rest go to the next chart. */
const MAX_KEYS_PER_CHART = 8;
/** Keys of time that only grow (uptime, operational time) or stand for a moment (boot time): said in words in the summary, not charted. */
const TIME_KEY = /(?<!_per)_s$|_time$/;
/** At most this many buckets of one key across the period: about what a chart's width shows. */
const MAX_BUCKETS = 400;
/**
 * At most this many buckets in all the page's lines together: the page's size (about 15 bytes a bucket, gzipped)
 * and the memory that builds it stay bounded whatever the logs hold; past it, every line gets coarser.
 */
export const BUCKET_BUDGET = 500_000;
/** The gaps between a host's first samples that tell its usual interval. */
const GAPS_FOR_INTERVAL = 1001;
/** Gaps a host's lines break at, at most (a host that restarts every few minutes for a month draws joined lines past it). */
const MAX_BREAKS = 10_000;

/** What the page keeps of one key of a host: whether it varies, and once it does, its buckets. */
interface KeyTrack {
  readonly first: string;
  readonly firstXid: number;
  varies: boolean;
  last: number;
  stepsBack: boolean;
  buckets: Buckets | undefined;
}

/** Where a host's lines break: between a sample at `from` and the next at `to` (a reboot, runs missed, a silence). */
interface Break {
  readonly from: number;
  readonly to: number;
  /** a reboot or runs counted missed: a break whatever the interval */
  readonly sure: boolean;
}

interface HostTrack {
  readonly keys: Map<string, KeyTrack>;
  /** the host's samples per bucket: what a key that held one value until it varied is filled back from */
  readonly timeline: Buckets;
  prevXid: number | undefined;
  readonly gaps: number[];
  /** the usual interval, once GAPS_FOR_INTERVAL gaps tell it */
  interval: number | undefined;
  readonly breaks: Break[];
  readonly events: PageEvent[];
  eventsLeftOut: number;
  readonly reasons: Map<string, number>;
  crashEvents: number;
  crashfree: { xid: number; s: number } | undefined;
}

/**
 * The data of `report --html` from samples as they stream past, in memory bounded whatever the logs
 * hold: each key's values in buckets of one width for the whole page (WIDTHS_S), as fine as MAX_BUCKETS
 * across the period and BUCKET_BUDGET for all lines allow; a key's buckets are made once it changes
 * (until then one value is kept, and filled back from the host's timeline). The events are the
 * report's, at most MAX_EVENTS_PER_HOST a host.
 */
export class PageBuilder {
  private readonly hosts = new Map<string, HostTrack>();
  private widthIndex = 0;
  private buckets = 0;
  private firstXid = Infinity;
  private lastXid = -Infinity;
  /** `banded` as it was when the pages were made (and their hosts let go) */
  private wasBanded: boolean | undefined;

  /** the width of the page's buckets, seconds */
  get widthS(): number {
    return WIDTHS_S[this.widthIndex] as number;
  }

  add(s: ReadSample): void {
    let host = this.hosts.get(s.host);
    if (host === undefined) {
      host = {
        keys: new Map(),
        timeline: new Buckets(),
        prevXid: undefined,
        gaps: [],
        interval: undefined,
        breaks: [],
        events: [],
        eventsLeftOut: 0,
        reasons: new Map(),
        crashEvents: 0,
        crashfree: undefined,
      };
      this.hosts.set(s.host, host);
    }
    this.firstXid = Math.min(this.firstXid, s.xid);
    this.lastXid = Math.max(this.lastXid, s.xid);
    while ((this.lastXid - this.firstXid) / this.widthS > MAX_BUCKETS && this.coarsen());
    this.addBreak(host, s);
    this.addEvents(host, s);
    const at = Math.floor(s.xid / this.widthS);
    s.values.forEach((v, k) => {
      if (SKIP.test(k)) return;
      const n = toNumber(v);
      if (n === undefined) return;
      const track = (host as HostTrack).keys.get(k);
      if (track === undefined) {
        (host as HostTrack).keys.set(k, {
          first: v,
          firstXid: s.xid,
          varies: false,
          last: n,
          stepsBack: false,
          buckets: undefined,
        });
        return;
      }
      if (!track.varies && v !== track.first) this.startVarying(host as HostTrack, track);
      if (n < track.last) track.stepsBack = true;
      track.last = n;
      if (track.buckets !== undefined) this.buckets += track.buckets.add(at, n);
    });
    host.timeline.add(at, 0);
    while (this.buckets > BUCKET_BUDGET && this.coarsen());
    const crashfree = toNumber(s.values.get('health.crashfree_s'));
    if (crashfree !== undefined && (host.crashfree === undefined || s.xid >= host.crashfree.xid))
      host.crashfree = { xid: s.xid, s: crashfree };
  }

  /**
   * Each host's part of the page, hosts in the order of the reports, made one at a time as they are
   * asked for (a fleet's pages are written one after the other, never all held), and what it was made
   * from let go once it is; `summary` is the report's text. Once: `banded` and `widthS` stay.
   */
  *pages(reports: readonly HostReport[], summary: (r: HostReport) => string): Generator<HostPage> {
    this.wasBanded = this.banded;
    for (const r of reports) {
      const host = this.hosts.get(r.host);
      if (host === undefined) continue;
      this.hosts.delete(r.host);
      yield {
        host: r.host,
        summary: summary(r),
        charts: this.charts(host),
        events: host.events,
        eventsLeftOut: host.eventsLeftOut,
        overview: this.overview(r, host),
      };
    }
  }

  /** Whether a point stands for more than one sample anywhere on the page (then its line has a band). */
  get banded(): boolean {
    if (this.wasBanded !== undefined) return this.wasBanded;
    for (const host of this.hosts.values())
      for (let i = 0; i < host.timeline.length; i++) if (host.timeline.count(i) > 1) return true;
    return false;
  }

  /** A key that held one value so far and now another: its buckets are made, the value so far filled back over the host's samples since it first came. */
  private startVarying(host: HostTrack, track: KeyTrack): void {
    track.varies = true;
    const buckets = new Buckets();
    const value = toNumber(track.first) as number;
    const since = Math.floor(track.firstXid / this.widthS);
    const { timeline } = host;
    for (let i = 0; i < timeline.length; i++)
      if (timeline.index(i) >= since) buckets.add(timeline.index(i), value, timeline.count(i));
    this.buckets += buckets.length;
    track.buckets = buckets;
  }

  /** Every line one width coarser; false when the widest is reached. */
  private coarsen(): boolean {
    if (this.widthIndex === WIDTHS_S.length - 1) return false;
    this.widthIndex++;
    const factor = (WIDTHS_S[this.widthIndex] as number) / (WIDTHS_S[this.widthIndex - 1] as number);
    for (const host of this.hosts.values()) {
      host.timeline.coarsen(factor);
      for (const track of host.keys.values())
        if (track.buckets !== undefined) this.buckets -= track.buckets.coarsen(factor);
    }
    return true;
  }

  private addBreak(host: HostTrack, s: ReadSample): void {
    const prev = host.prevXid;
    host.prevXid = s.xid;
    if (prev === undefined || s.xid <= prev) return;
    const gap = s.xid - prev;
    const sure =
      s.values.get('run.boot') === 'new' ||
      s.values.get('run.first') === '1' ||
      (toNumber(s.values.get('run.missed')) ?? 0) > 0;
    if (host.gaps.length < GAPS_FOR_INTERVAL) host.gaps.push(gap);
    else if (host.interval === undefined) host.interval = usualGap(host.gaps);
    const long = host.interval === undefined || gap > 1.5 * host.interval;
    if ((sure || long) && host.breaks.length < MAX_BREAKS) host.breaks.push({ from: prev, to: s.xid, sure });
  }

  private addEvents(host: HostTrack, s: ReadSample): void {
    const found: PageEvent[] = [];
    const timeMs = s.xid * 1000;
    const boot = s.events.find((e) => e.get('event') === 'boot');
    if (s.values.get('run.boot') === 'new') {
      const reason = boot?.get('reason') ?? 'unknown';
      host.reasons.set(reason, (host.reasons.get(reason) ?? 0) + 1);
      if (boot === undefined) found.push({ timeMs, kind: 'reboot', text: 'reboot' });
    }
    for (const e of s.events) {
      const kind = eventKind(e);
      if (kind === 'crash') host.crashEvents++;
      found.push({ timeMs, kind, text: [...e].map(([k, v]) => `${k}=${v}`).join(' ') });
    }
    s.values.forEach((v, k) => {
      if (k.endsWith('.error') || k === 'run.warning') found.push({ timeMs, kind: 'other', text: `${k}=${v}` });
      if (k === 'mem.oom_kills_new' && (toNumber(v) ?? 0) > 0)
        found.push({ timeMs, kind: 'oom', text: `${v} OOM kill(s)` });
    });
    for (const e of found) {
      if (host.events.length < MAX_EVENTS_PER_HOST) host.events.push(e);
      else host.eventsLeftOut++;
    }
  }

  /** A host's charts, grouped by quantity as sar groups its activities: one chart for each module and unit, at most MAX_KEYS_PER_CHART keys each. */
  private charts(host: HostTrack): HostPage['charts'] {
    const groups = new Map<string, string[]>();
    for (const [key, track] of host.keys) {
      // a time that only grows is said in words; one that steps back (a counter that restarts) is drawn
      if (!track.varies || (TIME_KEY.test(key) && !track.stepsBack)) continue;
      const group = `${key.slice(0, key.indexOf('.'))} (${unitOf(key)})`;
      (groups.get(group) ?? groups.set(group, []).get(group))?.push(key);
    }
    const breaks = this.breakBuckets(host);
    return [...groups]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([group, keys]) => {
        keys.sort();
        const parts = Math.ceil(keys.length / MAX_KEYS_PER_CHART);
        return Array.from({ length: parts }, (_, i) => ({
          module: parts > 1 ? `${group} ${i + 1}/${parts}` : group,
          series: keys.slice(i * MAX_KEYS_PER_CHART, (i + 1) * MAX_KEYS_PER_CHART).map((key) => ({
            key,
            unit: unitOf(key),
            points: this.points(host.keys.get(key)?.buckets as Buckets, breaks),
          })),
        }));
      });
  }

  /** The host's breaks as pairs of bucket numbers [last before, first after], in order; a break within one bucket is none. */
  private breakBuckets(host: HostTrack): Array<[number, number]> {
    const interval = usualGap(host.gaps);
    const w = this.widthS;
    return host.breaks
      .filter((b) => b.sure || b.to - b.from > 1.5 * interval)
      .map((b): [number, number] => [Math.floor(b.from / w), Math.floor(b.to / w)])
      .filter(([from, to]) => from < to)
      .sort((a, b) => a[1] - b[1]);
  }

  /** A line's points: each bucket's mean (and min and max where it holds more than one value), a null where the host's samples break. */
  private points(buckets: Buckets, breaks: ReadonlyArray<[number, number]>): PagePoint[] {
    const wMs = this.widthS * 1000;
    const out: PagePoint[] = [];
    let next = 0;
    let prev: number | undefined;
    for (let i = 0; i < buckets.length; i++) {
      const at = buckets.index(i);
      let broken = false;
      while (next < breaks.length && (breaks[next] as [number, number])[1] <= at) {
        if (prev !== undefined && (breaks[next] as [number, number])[0] >= prev) broken = true;
        next++;
      }
      if (broken && prev !== undefined) out.push([(prev + 1) * wMs - 1, null]);
      const [min, max, n] = [buckets.min(i), buckets.max(i), buckets.count(i)];
      const mean = round(buckets.sum(i) / n);
      out.push(n === 1 || min === max ? [at * wMs, mean] : [at * wMs, mean, round(min), round(max)]);
      prev = at;
    }
    return out;
  }

  private overview(r: HostReport, host: HostTrack): OverviewRow {
    const total = (key: string): number | undefined => {
      const k = r.keys[key];
      return k !== undefined && 'total' in k ? k.total : undefined;
    };
    const cpu = host.keys.get('cpu.busy_pct')?.buckets;
    return {
      samples: r.samples,
      missed: r.missed,
      reboots: r.reboots.length,
      reasons: Object.fromEntries([...host.reasons].sort(([a], [b]) => (a < b ? -1 : 1))),
      crashes: total('health.crashes_new') ?? host.crashEvents,
      oomKills: total('mem.oom_kills_new') ?? 0,
      crashfreeH: host.crashfree === undefined ? null : Math.round(host.crashfree.s / 360) / 10,
      cpu: busiest(r, /^cpu\.busy_pct$/),
      mem: busiest(r, /^mem\.used_pct$/),
      disk: busiest(r, /^disk\.[^.]+\.util_pct$/),
      net: busiest(r, /^net\.[^.]+\.[rt]x_bytes_per_s$/),
      spark: cpu === undefined ? [] : this.points(cpu, this.breakBuckets(host)),
    };
  }
}

/** The key of the report that matches, with the highest p95 (the busiest disk, say), with its p95 and max as the report's text prints them; a key that held one value counts as that. */
function busiest(r: HostReport, pattern: RegExp): Figure | null {
  let best: Figure | null = null;
  const consider = (key: string, p95: number, max: number): void => {
    if (best === null || p95 > best.p95)
      best = { key, p95, max, p95Text: humanValue(key, p95), maxText: humanValue(key, max) };
  };
  for (const [key, s] of Object.entries(r.keys)) if (pattern.test(key) && 'p95' in s) consider(key, s.p95, s.max);
  for (const [key, v] of Object.entries(r.constants))
    if (pattern.test(key) && typeof v === 'number') consider(key, v, v);
  return best;
}

/** What an event line is, for the marks on the charts and the overview's counts. */
function eventKind(e: ReadonlyMap<string, string>): PageEvent['kind'] {
  const kind = e.get('event') ?? '';
  if (kind === 'boot') return 'reboot';
  if (kind === 'crash' || kind === 'coredump' || (kind === 'killed' && e.has('core'))) return 'crash';
  if (kind === 'kmsg' && e.get('match') === 'oom') return 'oom';
  if (kind === 'failed' || kind === 'unit_failed') return 'failed';
  return 'other';
}

/** Six significant digits: what a chart can show, in fewer bytes. */
const round = (v: number): number => Number(v.toPrecision(6));
