import { toNumber } from '../format/parse';
import { writeStdout } from '../outputs/stdout';
import type { ReadSample } from '../read/samples';
import { matchingKeys } from '../read/select';
import { localIso } from '../read/time';
import type { ReadArgs } from './read-options';
import { selectedSamples } from './select-samples';

export interface GrepArgs extends ReadArgs {
  readonly csv?: boolean;
  readonly json?: boolean;
  readonly recompute?: boolean;
}

/**
 * `flightlog grep`: one row per sample, one column per key (time and host first). A value a sample
 * does not have is empty, never 0. --csv (RFC 4180) or --json (JSON Lines: time, xid, host, values).
 * --recompute: rates derived again from the raw counters of raw modules (lib/read/recompute.ts).
 */
export async function grepCommand(args: GrepArgs): Promise<number> {
  const samples = await selectedSamples(args);
  if (args.recompute) (await import('../read/recompute')).recompute(samples);
  const keys = matchingKeys(samples, args.keys ?? []);
  const text = args.json ? asJson(samples, keys) : args.csv ? asCsv(samples, keys) : asTable(samples, keys);
  await writeStdout(text);
  return 0;
}

const cells = (s: ReadSample, keys: readonly string[]): string[] => [localIso(s.xid), s.host, ...keys.map((k) => s.values.get(k) ?? '')];

function asTable(samples: readonly ReadSample[], keys: readonly string[]): string {
  const rows = [['time', 'host', ...keys], ...samples.map((s) => cells(s, keys))];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ').trimEnd()).map((l) => `${l}\n`).join('');
}

const csvCell = (cell: string): string => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function asCsv(samples: readonly ReadSample[], keys: readonly string[]): string {
  return [['time', 'host', ...keys], ...samples.map((s) => cells(s, keys))].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}

function asJson(samples: readonly ReadSample[], keys: readonly string[]): string {
  return samples.map((s) => {
    const values: Record<string, number | string> = {};
    for (const k of keys) {
      const v = s.values.get(k);
      if (v !== undefined) values[k] = toNumber(v) ?? v;
    }
    return `${JSON.stringify({ time: localIso(s.xid), xid: s.xid, host: s.host, values })}\n`;
  }).join('');
}
