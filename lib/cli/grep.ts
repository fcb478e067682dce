import { UsageError } from '../core/errors';
import { toNumber } from '../format/parse';
import { textTable } from '../format/table';
import { writeStdout } from '../io/stdout';
import { gatherSamples, type ReadOptions, type ReadSample } from '../read/samples';
import { keyMatcher, keysOf, literalParts, matchingKeys, plainKeys, requireMatches } from '../read/select';
import { SeenSamples } from '../read/seen-samples';
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
  if (args.csv && args.json)
    throw new UsageError('--csv and --json together: grep writes one form; fix: keep one of them');
  const patterns = args.keys ?? [];
  // --recompute derives from the raw counters, which the patterns may not name: keep every value then
  const narrowed = !args.recompute && patterns.length > 0;
  const now = Date.now();
  const plain = narrowed ? plainKeys(patterns) : undefined;
  if ((args.csv || args.json) && plain !== undefined) return streamRows(args, [...new Set(plain)], now);
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

/**
 * --csv or --json of keys named in full: the columns are known before the logs are read, so the rows
 * go out as the logs stream past, in memory bounded by a batch whatever the logs' size (and 16 bytes a
 * sample, to count a sample read twice once). Rows wait only until every key asked for has shown a
 * value: a key that never does is an error, before any row is printed, as in grep's other forms.
 */
async function streamRows(args: GrepArgs, keys: readonly string[], now: number): Promise<number> {
  const row = args.json ? jsonRow(keys) : csvRow(keys);
  const seen = new SeenSamples();
  const missing = new Set(keys);
  let waiting: string[] | undefined = args.json ? [] : [`${['time', 'host', ...keys].map(csvCell).join(',')}\r\n`];
  for await (const batch of selectedSamples(args, now, narrowTo(keys))) {
    const rows: string[] = [];
    for (const s of batch) {
      if (!seen.add(s.host, s.pid, s.xid)) continue;
      if (missing.size > 0) for (const k of s.values.keys()) missing.delete(k);
      rows.push(row(s));
    }
    if (waiting !== undefined) {
      waiting.push(...rows);
      if (missing.size > 0) continue;
      rows.splice(0, rows.length, ...waiting);
      waiting = undefined;
    }
    await writeStdout(rows.join(''));
  }
  if (waiting !== undefined) {
    // no sample in the selection at all: the columns asked for, empty; a key none of them had: the error, with the keys there are
    if (seen.size > 0) {
      const present = new Set<string>();
      for await (const _ of selectedSamples(args, now, { keep: () => false, keysSeen: present }));
      requireMatches([...missing], present);
    }
    await writeStdout(waiting.join(''));
  }
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
  return textTable([['time', 'host', ...keys], ...rows], 2)
    .map((l) => `${l}\n`)
    .join('');
}

const NEEDS_QUOTES = /[",\n\r]/;
const csvCell = (cell: string): string => (NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A sample as a CSV row of the keys (RFC 4180: CRLF, quotes where needed). */
function csvRow(keys: readonly string[]): (s: ReadSample) => string {
  const time = timesOf();
  return (s) => {
    let row = `${time(s.xid)},${csvCell(s.host)}`;
    for (const k of keys) row += `,${csvCell(s.values.get(k) ?? '')}`;
    return `${row}\r\n`;
  };
}

/** A sample as a JSON line: time, xid, host and the values it has of the keys. */
function jsonRow(keys: readonly string[]): (s: ReadSample) => string {
  const time = timesOf();
  return (s) => {
    const values: Record<string, number | string> = {};
    for (const k of keys) {
      const v = s.values.get(k);
      if (v !== undefined) values[k] = toNumber(v) ?? v;
    }
    return `${JSON.stringify({ time: time(s.xid), xid: s.xid, host: s.host, values })}\n`;
  };
}

function asCsv(samples: readonly ReadSample[], keys: readonly string[]): string {
  const row = csvRow(keys);
  return [`${['time', 'host', ...keys].map(csvCell).join(',')}\r\n`, ...samples.map(row)].join('');
}

const asJson = (samples: readonly ReadSample[], keys: readonly string[]): string => samples.map(jsonRow(keys)).join('');
