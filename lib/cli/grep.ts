import { UsageError } from '../core/errors';
import { toNumber } from '../format/parse';
import { textTable } from '../format/table';
import { writeStdout } from '../outputs/stdout';
import { gatherSamples, type ReadOptions, type ReadSample } from '../read/samples';
import { keyMatcher, keysOf, literalParts, matchingKeys, plainKeys, requireMatches } from '../read/select';
import { localIso } from '../read/time';
import type { ReadArgs } from './read-options';
import { readStatus, selectedSamples } from './select-samples';

export interface GrepArgs extends ReadArgs {
  readonly csv?: boolean;
  readonly json?: boolean;
  readonly recompute?: boolean;
}

/**
 * `flightlog grep`: one row per sample, one column per key (time and host first). A value a sample
 * does not have is empty, never 0. --csv (RFC 4180) or --json (JSON Lines: time, xid, host, values).
 * --recompute: rates derived again from the raw counters of raw modules (lib/read/recompute.ts).
 * The logs are read as a stream and only the keys asked for are kept of each line, so memory follows the
 * rows printed, not the size of the logs. A pattern that matches no key is an error naming the closest.
 */
export async function grepCommand(args: GrepArgs): Promise<number> {
  if (args.csv && args.json) throw new UsageError('--csv and --json together: grep writes one form; fix: keep one of them');
  const patterns = args.keys ?? [];
  // --recompute derives from the raw counters, which the patterns may not name: keep every value then
  const narrowed = !args.recompute && patterns.length > 0;
  const now = Date.now();
  const samples = await gatherSamples(selectedSamples(args, now, narrowed ? narrowTo(patterns) : {}), withoutEvents);
  if (args.recompute) await (await import('../read/recompute')).recompute(samples);
  const present = keysOf(samples);
  if (samples.length > 0 && !patterns.every((p) => [...present].some(keyMatcher([p])))) {
    // only the keys asked for were kept: the error names keys of the whole logs
    if (narrowed) for await (const _ of selectedSamples(args, now, { keep: () => false, keysSeen: present }));
    requireMatches(patterns, present);
  }
  // no sample in the selection: the columns asked for, empty
  const keys = samples.length === 0 ? patterns : matchingKeys(present, patterns);
  const text = args.json ? asJson(samples, keys) : args.csv ? asCsv(samples, keys) : asTable(samples, keys);
  await writeStdout(text);
  return readStatus();
}

/** What grep reads of each line when it prints only some keys (lib/read/samples.ts ReadOptions). */
function narrowTo(patterns: readonly string[]): Pick<ReadOptions, 'keep' | 'holds' | 'picks'> {
  const picks = plainKeys(patterns);
  return { keep: keyMatcher(patterns), holds: literalParts(patterns), ...(picks === undefined ? {} : { picks }) };
}

/** grep prints values: a sample's events are let go as it is read. */
const withoutEvents = (s: ReadSample): ReadSample => {
  s.events.length = 0;
  return s;
};

/** Each sample's time in words: the samples of a fleet come a time for many hosts, so it is made once a time. */
function timesOf(): (xid: number) => string {
  let last: number | undefined;
  let text = '';
  return (xid) => {
    if (xid !== last) {
      last = xid;
      text = localIso(xid);
    }
    return text;
  };
}

function asTable(samples: readonly ReadSample[], keys: readonly string[]): string {
  const time = timesOf();
  const rows = samples.map((s) => [time(s.xid), s.host, ...keys.map((k) => s.values.get(k) ?? '')]);
  return textTable([['time', 'host', ...keys], ...rows], 2).map((l) => `${l}\n`).join('');
}

const NEEDS_QUOTES = /[",\n\r]/;
const csvCell = (cell: string): string => (NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function asCsv(samples: readonly ReadSample[], keys: readonly string[]): string {
  const time = timesOf();
  const out = [`${['time', 'host', ...keys].map(csvCell).join(',')}\r\n`];
  for (const s of samples) {
    let row = `${time(s.xid)},${csvCell(s.host)}`;
    for (const k of keys) row += `,${csvCell(s.values.get(k) ?? '')}`;
    out.push(`${row}\r\n`);
  }
  return out.join('');
}

function asJson(samples: readonly ReadSample[], keys: readonly string[]): string {
  const time = timesOf();
  return samples.map((s) => {
    const values: Record<string, number | string> = {};
    for (const k of keys) {
      const v = s.values.get(k);
      if (v !== undefined) values[k] = toNumber(v) ?? v;
    }
    return `${JSON.stringify({ time: time(s.xid), xid: s.xid, host: s.host, values })}\n`;
  }).join('');
}
