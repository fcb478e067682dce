import { toNumber } from '../format/parse';
import { formatNumber, formatString } from '../format/value';
import { writeStdout } from '../outputs/stdout';
import type { ReadSample } from '../read/samples';
import { matchingKeys } from '../read/select';
import { summarize, type Summary } from '../read/stats';
import { localIso } from '../read/time';
import type { ReadArgs } from './read-options';
import { allSelectedSamples } from './select-samples';

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

/**
 * `flightlog report`: per host, per numeric key: count, min, average, p95 (nearest rank) and max over
 * the period; the missed runs and the reboots; the events (module errors, warnings, event lines) in
 * time order.
 */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const samples = await allSelectedSamples(args);
  const hosts = [...new Set(samples.map((s) => s.host))].sort();
  const reports = hosts.map((host) => hostReport(host, samples.filter((s) => s.host === host), args.keys ?? []));
  await writeStdout(args.json ? `${JSON.stringify({ hosts: reports })}\n` : reports.map(asText).join('\n') || 'no samples in the selection\n');
  return 0;
}

function hostReport(host: string, samples: readonly ReadSample[], patterns: readonly string[]): HostReport {
  const keys: Record<string, Summary> = {};
  for (const key of matchingKeys(samples, patterns)) {
    const values = samples.flatMap((s) => {
      const n = toNumber(s.values.get(key));
      return n === undefined ? [] : [n];
    });
    const summary = summarize(values);
    if (summary) keys[key] = summary;
  }
  const events: Array<{ time: string; text: string }> = [];
  for (const s of samples) {
    const time = localIso(s.xid);
    if (s.values.get('run.boot') === 'new') events.push({ time, text: 'reboot' });
    for (const [k, v] of s.values) if (k.endsWith('.error') || k === 'run.warning') events.push({ time, text: `${k}=${formatString(v)}` });
    for (const e of s.events) events.push({ time, text: [...e].map(([k, v]) => `${k}=${formatString(v)}`).join(' ') });
  }
  return {
    host,
    samples: samples.length,
    from: localIso(samples[0]!.xid),
    to: localIso(samples[samples.length - 1]!.xid),
    missed: samples.reduce((n, s) => n + (toNumber(s.values.get('run.missed')) ?? 0), 0),
    reboots: samples.filter((s) => s.values.get('run.boot') === 'new').map((s) => localIso(s.xid)),
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
