import { writeFileSync } from 'node:fs';
import { toNumber } from '../format/parse';
import { textTable } from '../format/table';
import { formatNumber, formatString } from '../format/value';
import { writeStdout } from '../outputs/stdout';
import type { ReadSample } from '../read/samples';
import { keyMatcher, requireMatches } from '../read/select';
import { naturalOrder } from '../sources/read';
import { summarize, type Summary } from '../read/stats';
import { localIso } from '../read/time';
import { shortNumber, unitOf } from '../plot/units';
import type { ReadArgs } from './read-options';
import { allSelectedSamples, selectedSamples } from './select-samples';

export interface ReportArgs extends ReadArgs {
  readonly json?: boolean;
  /** raw numbers instead of humanised ones (1073741824, not 1 GiB) */
  readonly exact?: boolean;
  /** sar-style rows: the average of each key per hour or per day */
  readonly by?: 'hour' | 'day';
  /** also one self-contained HTML page: the summary, a chart per module, the events */
  readonly html?: string;
}

/** A key's figures over the period: a count's total, else min/avg/p95/max and when the maximum was. */
type KeySummary = (Summary & { readonly max_at: string }) | { readonly count: number; readonly total: number };

interface HostReport {
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
}

/** What report keeps of one host while the logs stream past: aggregates, never the samples. */
interface HostAcc {
  samples: number;
  /** samples of record or calibrate: values, but not the machine's runs */
  other: number;
  first: number;
  last: number;
  lastXid: number | undefined;
  readonly gaps: number[];
  readonly seen: Set<string>;
  readonly reboots: number[];
  readonly values: Map<string, number[]>;
  /** each key's largest value, and the first time it was seen */
  readonly maxes: Map<string, { value: number; xid: number }>;
  /** each key's first value, and whether it ever changed */
  readonly firsts: Map<string, { value: string; varies: boolean }>;
  readonly periods: Map<string, { samples: number; sums: Map<string, [number, number]> }>;
  readonly events: Array<{ xid: number; text: string }>;
}

/**
 * `flightlog report`: per host, per numeric key: count, min, average, p95 (nearest rank), max and when
 * the max was; a count of events (`_new`) is summed instead. Keys that held one value all period go
 * once into the header. Missed runs are counted from the expected interval (the host's usual spacing):
 * a run that never happened and a sample lost on its way alike. Lines that are not samples (record's,
 * calibrate's) are not counted as samples. `--by hour|day` adds sar-style rows of averages. The logs
 * stream past: per host it keeps each selected key's numbers and the events, so memory follows what
 * the report holds, not the size of the logs. A sample read twice (a copy of a log) counts once.
 */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const patterns = args.keys ?? [];
  const wanted = patterns.length === 0 ? () => true : keyMatcher(patterns);
  const hosts = new Map<string, HostAcc>();
  const seen = new Set<string>();
  // the page's charts need every sample at once; the text report streams
  const all = args.html === undefined ? undefined : await allSelectedSamples(args);
  for await (const batch of all === undefined ? selectedSamples(args) : [all]) {
    for (const s of batch) {
      for (const k of s.values.keys()) seen.add(k);
      let acc = hosts.get(s.host);
      if (acc === undefined) {
        acc = {
          samples: 0, other: 0, first: s.xid, last: s.xid, lastXid: undefined, gaps: [], seen: new Set(), reboots: [], values: new Map(),
          maxes: new Map(), firsts: new Map(), periods: new Map(), events: [],
        };
        hosts.set(s.host, acc);
      }
      const id = `${s.pid}:${s.xid}`;
      if (acc.seen.has(id)) continue;
      acc.seen.add(id);
      add(acc, s, wanted, args.by);
    }
  }
  if (hosts.size > 0) requireMatches(patterns, seen);
  const reports = [...hosts.keys()].sort().map((host) => hostReport(host, hosts.get(host) as HostAcc, patterns));
  if (all !== undefined && args.html !== undefined) await writePage(args.html, all, reports, args.exact === true);
  await writeStdout(args.json ? `${JSON.stringify({ hosts: reports })}\n` : reports.map((r) => asText(r, args.exact === true)).join('\n') || 'no samples in the selection\n');
  return 0;
}

/** The local hour or day a time falls in, as a row of --by names it. */
function periodOf(xid: number, by: 'hour' | 'day'): string {
  const iso = localIso(xid);
  return by === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00`;
}

function add(acc: HostAcc, s: ReadSample, wanted: (key: string) => boolean, by: 'hour' | 'day' | undefined): void {
  for (const e of s.events) acc.events.push({ xid: s.xid, text: [...e].map(([k, v]) => `${k}=${formatString(v)}`).join(' ') });
  for (const [k, v] of s.values) if (k.endsWith('.error') || k === 'run.warning') acc.events.push({ xid: s.xid, text: `${k}=${formatString(v)}` });
  acc.first = Math.min(acc.first, s.xid);
  acc.last = Math.max(acc.last, s.xid);
  // record's and calibrate's lines have values but are not the machine's samples: not counted, no gaps
  if (s.values.has('run.v')) {
    acc.samples++;
    const newBoot = s.values.get('run.boot') === 'new' || s.values.get('run.first') === '1';
    if (acc.lastXid !== undefined && !newBoot && s.xid > acc.lastXid) acc.gaps.push(s.xid - acc.lastXid);
    acc.lastXid = s.xid;
  } else acc.other++;
  if (s.values.get('run.boot') === 'new') {
    acc.reboots.push(s.xid);
    acc.events.push({ xid: s.xid, text: 'reboot' });
  }
  const period = by === undefined ? undefined : periodOf(s.xid, by);
  const bucket = period === undefined ? undefined : acc.periods.get(period) ?? { samples: 0, sums: new Map<string, [number, number]>() };
  if (period !== undefined && bucket !== undefined) {
    if (s.values.has('run.v')) bucket.samples++;
    acc.periods.set(period, bucket);
  }
  for (const [k, v] of s.values) {
    if (!wanted(k) || k === 'run.boot' || k.endsWith('.error') || k === 'run.warning') continue;
    const first = acc.firsts.get(k);
    if (first === undefined) acc.firsts.set(k, { value: v, varies: false });
    else if (first.value !== v) first.varies = true;
    const n = toNumber(v);
    if (n === undefined) continue;
    const list = acc.values.get(k);
    if (list === undefined) acc.values.set(k, [n]);
    else list.push(n);
    const max = acc.maxes.get(k);
    if (max === undefined || n > max.value) acc.maxes.set(k, { value: n, xid: s.xid });
    if (bucket !== undefined) {
      const sum = bucket.sums.get(k) ?? [0, 0];
      bucket.sums.set(k, [sum[0] + n, sum[1] + 1]);
    }
  }
}

function hostReport(host: string, acc: HostAcc, patterns: readonly string[]): HostReport {
  const interval = median(acc.gaps) ?? 600;
  const missed = acc.gaps.reduce((n, gap) => n + Math.max(0, Math.round(gap / interval) - 1), 0);
  const constants: Record<string, number | string> = {};
  const keys: Record<string, KeySummary> = {};
  const present = [...acc.firsts.keys()].sort(naturalOrder);
  const ordered = patterns.length === 0 ? present : [...new Set(patterns.flatMap((p) => present.filter(keyMatcher([p]))))];
  for (const key of ordered) {
    const first = acc.firsts.get(key) as { value: string; varies: boolean };
    const values = acc.values.get(key) ?? [];
    // one value all period (and more than one sample to say so): the header's
    if (!first.varies && acc.samples + acc.other > 1 && !key.endsWith('_new')) {
      constants[key] = toNumber(first.value) ?? first.value;
      continue;
    }
    if (values.length === 0) continue;
    if (key.endsWith('_new')) {
      keys[key] = { count: values.length, total: values.reduce((a, b) => a + b, 0) };
      continue;
    }
    const summary = summarize(values);
    if (summary) keys[key] = { ...summary, max_at: localIso(acc.maxes.get(key)?.xid ?? acc.first) };
  }
  // in time order; within one sample, as they were read
  const events = acc.events.map((e, i) => ({ ...e, i })).sort((a, b) => a.xid - b.xid || a.i - b.i).map((e) => ({ time: localIso(e.xid), text: e.text }));
  const by = acc.periods.size === 0 ? {} : {
    by: [...acc.periods].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, b]) => ({
      period, samples: b.samples,
      values: Object.fromEntries(Object.keys(keys).flatMap((k) => {
        const sum = b.sums.get(k);
        return sum === undefined ? [] : [[k, k.endsWith('_new') ? sum[0] : sum[0] / sum[1]]];
      })),
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
  };
}

const median = (xs: readonly number[]): number | undefined => (xs.length === 0 ? undefined : [...xs].sort((a, b) => a - b)[xs.length >> 1]);

/** The HTML page of `--html FILE`: each host's report, charts and events (lib/plot/html.ts). */
async function writePage(file: string, samples: readonly ReadSample[], reports: readonly HostReport[], exact: boolean): Promise<void> {
  const { hostCharts, hostEvents, renderHtml, requireCharts } = await import('../plot/html');
  const pages = reports.map((r) => {
    const own = samples.filter((s) => s.host === r.host);
    return { host: r.host, summary: asText(r, exact), charts: hostCharts(own), events: hostEvents(own) };
  });
  requireCharts(pages);
  const period = reports.length === 0 ? '' : ` from ${reports[0]!.from} to ${reports[0]!.to}`;
  writeFileSync(file, renderHtml(`flightlog report: ${reports.map((r) => r.host).join(', ')}${period}`, pages));
}

function asText(r: HostReport, exact: boolean): string {
  const n = (key: string, v: number): string => (exact ? formatNumber(v) ?? '' : humanValue(key, v));
  const stats = Object.entries(r.keys).filter((e): e is [string, Summary & { max_at: string }] => 'min' in e[1]);
  const counts = Object.entries(r.keys).filter((e): e is [string, { count: number; total: number }] => 'total' in e[1]);
  const lines = [
    `host ${r.host}: ${r.samples} samples${r.other > 0 ? ` and ${r.other} of record or calibrate` : ''} from ${r.from} to ${r.to}`,
    `missed runs: ${r.missed} (every ${formatNumber(r.interval_s)} s expected), reboots: ${r.reboots.length}`,
  ];
  const constants = Object.entries(r.constants);
  if (constants.length > 0) lines.push(`throughout: ${constants.map(([k, v]) => `${k}=${typeof v === 'number' ? n(k, v) : formatString(v)}`).join(' ')}`);
  if (stats.length > 0) lines.push('', ...textTable([['key', 'count', 'min', 'avg', 'p95', 'max', 'max at'], ...stats.map(([k, s]) => [k, String(s.count), n(k, s.min), n(k, s.avg), n(k, s.p95), n(k, s.max), s.max_at])]));
  if (counts.length > 0) lines.push('', ...textTable([['count', 'total', 'samples'], ...counts.map(([k, c]) => [k, n(k, c.total), String(c.count)])]));
  if (r.by !== undefined) {
    const keys = Object.keys(r.keys);
    lines.push('', ...textTable([['period', 'samples', ...keys], ...r.by.map((b) => [b.period, String(b.samples), ...keys.map((k) => (b.values[k] === undefined ? '' : n(k, b.values[k] as number)))])]));
  }
  lines.push('', r.events.length === 0 ? 'events: none' : 'events:', ...r.events.map((e) => `  ${e.time}  ${e.text}`), '');
  return lines.join('\n');
}


/** A value as a person reads it: bytes in binary units, other large numbers with k, M, G; small ones as on the lines. */
function humanValue(key: string, v: number): string {
  const unit = unitOf(key);
  if (unit === 'bytes' || unit === 'bytes/s' || Math.abs(v) >= 10_000) return shortNumber(v, unit);
  return formatNumber(v) ?? '';
}
