import { toNumber } from '../format/parse';
import { formatNumber, formatString } from '../format/value';
import { writeStdout } from '../outputs/stdout';
import type { ReadSample } from '../read/samples';
import { keyMatcher, requireMatches } from '../read/select';
import { naturalOrder } from '../sources/read';
import { summarize, type Summary } from '../read/stats';
import { localIso } from '../read/time';
import type { ReadArgs } from './read-options';
import { selectedSamples } from './select-samples';

export interface ReportArgs extends ReadArgs {
  readonly json?: boolean;
}

interface HostReport {
  readonly host: string;
  readonly samples: number;
  readonly from: string;
  readonly to: string;
  /** the sum of run.missed: runs that should have happened and did not */
  readonly missed: number;
  readonly reboots: string[];
  readonly keys: Record<string, Summary>;
  readonly events: Array<{ time: string; text: string }>;
}

/** What report keeps of one host while the logs stream past: aggregates, never the samples. */
interface HostAcc {
  samples: number;
  first: number;
  last: number;
  missed: number;
  readonly seen: Set<string>;
  readonly reboots: number[];
  readonly values: Map<string, number[]>;
  readonly events: Array<{ xid: number; text: string }>;
}

/**
 * `flightlog report`: per host, per numeric key: count, min, average, p95 (nearest rank) and max over
 * the period; the missed runs and the reboots; the events (module errors, warnings, event lines) in
 * time order. The logs stream past: per host it keeps each selected key's numbers and the events, so
 * memory follows what the report holds, not the size of the logs. A sample read twice (a copy of a
 * log beside it) counts once.
 */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const patterns = args.keys ?? [];
  const wanted = patterns.length === 0 ? () => true : keyMatcher(patterns);
  const hosts = new Map<string, HostAcc>();
  const seen = new Set<string>();
  for await (const batch of selectedSamples(args)) {
    for (const s of batch) {
      for (const k of s.values.keys()) seen.add(k);
      let acc = hosts.get(s.host);
      if (acc === undefined) {
        acc = { samples: 0, first: s.xid, last: s.xid, missed: 0, seen: new Set(), reboots: [], values: new Map(), events: [] };
        hosts.set(s.host, acc);
      }
      const id = `${s.pid}:${s.xid}`;
      if (acc.seen.has(id)) continue;
      acc.seen.add(id);
      add(acc, s, wanted);
    }
  }
  if (hosts.size > 0) requireMatches(patterns, seen);
  const reports = [...hosts.keys()].sort().map((host) => hostReport(host, hosts.get(host) as HostAcc, patterns));
  await writeStdout(args.json ? `${JSON.stringify({ hosts: reports })}\n` : reports.map(asText).join('\n') || 'no samples in the selection\n');
  return 0;
}

function add(acc: HostAcc, s: ReadSample, wanted: (key: string) => boolean): void {
  acc.samples++;
  acc.first = Math.min(acc.first, s.xid);
  acc.last = Math.max(acc.last, s.xid);
  acc.missed += toNumber(s.values.get('run.missed')) ?? 0;
  if (s.values.get('run.boot') === 'new') {
    acc.reboots.push(s.xid);
    acc.events.push({ xid: s.xid, text: 'reboot' });
  }
  for (const [k, v] of s.values) {
    if (k.endsWith('.error') || k === 'run.warning') acc.events.push({ xid: s.xid, text: `${k}=${formatString(v)}` });
    if (!wanted(k)) continue;
    const n = toNumber(v);
    if (n === undefined) continue;
    const list = acc.values.get(k);
    if (list === undefined) acc.values.set(k, [n]);
    else list.push(n);
  }
  for (const e of s.events) acc.events.push({ xid: s.xid, text: [...e].map(([k, v]) => `${k}=${formatString(v)}`).join(' ') });
}

function hostReport(host: string, acc: HostAcc, patterns: readonly string[]): HostReport {
  const keys: Record<string, Summary> = {};
  const present = [...acc.values.keys()].sort(naturalOrder);
  const ordered = patterns.length === 0 ? present : [...new Set(patterns.flatMap((p) => present.filter(keyMatcher([p]))))];
  for (const key of ordered) {
    const summary = summarize(acc.values.get(key) ?? []);
    if (summary) keys[key] = summary;
  }
  // in time order; within one sample, as they were read
  const events = acc.events.map((e, i) => ({ ...e, i })).sort((a, b) => a.xid - b.xid || a.i - b.i).map((e) => ({ time: localIso(e.xid), text: e.text }));
  return {
    host,
    samples: acc.samples,
    from: localIso(acc.first),
    to: localIso(acc.last),
    missed: acc.missed,
    reboots: acc.reboots.sort((a, b) => a - b).map(localIso),
    keys,
    events,
  };
}

function asText(r: HostReport): string {
  const n = (v: number): string => formatNumber(v) ?? '';
  const rows = [['key', 'count', 'min', 'avg', 'p95', 'max'], ...Object.entries(r.keys).map(([k, s]) => [k, String(s.count), n(s.min), n(s.avg), n(s.p95), n(s.max)])];
  const widths = rows[0]!.map(() => 0);
  for (const row of rows) for (const [c, cell] of row.entries()) if (cell.length > (widths[c] as number)) widths[c] = cell.length;
  const table = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  '));
  return [
    `host ${r.host}: ${r.samples} samples from ${r.from} to ${r.to}`,
    `missed runs: ${r.missed}, reboots: ${r.reboots.length}`,
    '',
    ...table,
    '',
    r.events.length === 0 ? 'events: none' : 'events:',
    ...r.events.map((e) => `  ${e.time}  ${e.text}`),
    '',
  ].join('\n');
}
