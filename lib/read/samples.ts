import { statSync } from 'node:fs';
import { own } from '../core/own';
import { isDigit, MessageReader } from '../format/parse';
import { MAX_LOG_LINE_BYTES, readLogLines } from './lines';
import { readBytes } from './memory';
import { SampleIndex } from './sample-index';
import { type LogHeader, syslogHeader } from './syslog-line';

/** One sample read back from the logs: all the lines of one host and process that share an xid, joined. */
export interface ReadSample {
  readonly host: string;
  /** the process that wrote it: two runs in the same second (a job array, a manual run) stay two samples */
  readonly pid: string;
  /** the sample's time, epoch seconds */
  readonly xid: number;
  readonly values: Map<string, string>;
  /** event lines of the sample (`xid=… event=coredump comm=…`), each kept whole, in order */
  readonly events: Array<ReadonlyMap<string, string>>;
}

export interface ReadOptions {
  readonly ident?: string;
  /** epoch seconds, inclusive */
  readonly since?: number;
  /** epoch seconds, exclusive */
  readonly until?: number;
  readonly hosts?: readonly string[];
  /** filled with every host the logs hold, selected or not (to say which there are) */
  readonly hostsSeen?: Set<string>;
  /** bytes read so far of all files, and their total size */
  readonly progress?: (done: number, total: number) => void;
  readonly warn?: (line: string) => void;
  /** a log that breaks off (a damaged archive), after its lines before the damage were read; `warn` when not given */
  readonly damaged?: (line: string) => void;
  /** the keys to keep of each sample's values (event lines are kept whole); all when absent */
  readonly keep?: (key: string) => boolean;
  /**
   * filled with every key of the selected samples, kept or not (to say which there are); with `holds`,
   * only the keys of the lines that were decoded
   */
  readonly keysSeen?: Set<string>;
  /**
   * with `keep`: text that every kept key holds (the literal part of each key pattern). A line that holds
   * none of it (and is no event line) has no key to keep: it is only checked for its form and counted
   * to its sample, not decoded, which is most of a reader's time over a large log.
   */
  readonly holds?: readonly string[];
  /**
   * with `keep` and `holds`, and no `keysSeen`: the keys themselves, where every pattern is a plain key.
   * A line that holds one, as flightlog writes it and without a quoted value, has its value looked up
   * instead of the line decoded: a key can only start after a space there.
   */
  readonly picks?: readonly string[];
}

/**
 * The lines of one sample are written within milliseconds of each other, so they sit together in a log
 * (a central log interleaves a few hosts): a sample is complete once this many lines came after its last.
 */
const COMPLETE_AFTER_LINES = 20_000;

/** The xid that the message at text[at, end) starts with (`xid=<digits> `), or undefined. */
function leadingXid(text: string, at: number, end: number): number | undefined {
  if (!text.startsWith('xid=', at)) return undefined;
  let i = at + 4;
  let xid = 0;
  for (let c = text.charCodeAt(i); isDigit(c) && i < end; c = text.charCodeAt(++i)) xid = xid * 10 + (c - 48);
  if (i === at + 4 || i >= end || text.charCodeAt(i) !== 32) return undefined;
  // past 15 digits a sum of digits may round otherwise than the number itself
  return i - at - 4 > 15 ? Number(text.slice(at + 4, i)) : xid;
}

/**
 * A message as flightlog writes one (xid first, and once), checked without being decoded: what it
 * accepts, MessageReader (lib/format/parse.ts) reads with the same xid. Anything else is decoded.
 */
const WELL_FORMED =
  /^xid=\d+(?: +(?!xid=)[A-Za-z0-9_.-]+=(?:"(?:[^"\\]|\\(?:[nt"\\]|x[0-9a-fA-F]{2}))*"|(?!")[^ ]*))* *$/;

/**
 * The values of `keys` in a message that WELL_FORMED accepts and that holds no quote: there every
 * value is bare, so a key starts only after a space, and ` key=` is the key itself. A key given twice
 * keeps its last value, as the decoder does.
 */
function pick(message: string, keys: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const key of keys) {
    const at = message.lastIndexOf(` ${key}=`);
    if (at === -1) continue;
    const from = at + key.length + 2;
    const space = message.indexOf(' ', from);
    values.set(key, own(message.slice(from, space === -1 ? message.length : space)));
  }
  return values;
}

const byTime = (a: ReadSample, b: ReadSample): number =>
  a.xid - b.xid || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

/**
 * A sample still taking lines, with the number of the last line that added to it. Its values are the
 * fields of its first decoded line, taken as they are, and the lines after it add to them.
 */
interface OpenSample {
  readonly host: string;
  readonly pid: string;
  readonly xid: number;
  values: Map<string, string> | undefined;
  readonly events: Array<ReadonlyMap<string, string>>;
  last: number;
}

/** An open sample as the sample it became: the same object, its values made sure of (one object a sample, not two). */
function closed(open: OpenSample): ReadSample {
  open.values ??= new Map();
  return open as ReadSample;
}

/**
 * Reads the files (give them oldest first: lib/read/files.ts `oldestFirst`) and yields their samples
 * as the logs move on, each batch in time order (then by host), in memory bounded by the samples of
 * the last COMPLETE_AFTER_LINES lines whatever the logs' size. Lines of other programs, torn lines, junk and lines too long to be flightlog's are
 * skipped (the long ones counted in a warning); a sample whose lines sit in two files (a rotation in
 * the middle of a run) is joined all the same. A sample that arrives late (spooled through an outage)
 * is yielded when it arrives. A damaged archive gives what it holds and a warning.
 */
export async function* streamSamples(files: readonly string[], opts: ReadOptions = {}): AsyncGenerator<ReadSample[]> {
  const ident = opts.ident ?? 'flightlog';
  const warn = opts.warn ?? (() => {});
  const hosts = opts.hosts && opts.hosts.length > 0 ? new Set(opts.hosts) : undefined;
  const holds = opts.keep !== undefined && opts.holds?.every((text) => text !== '') ? opts.holds : undefined;
  const picks =
    holds !== undefined && opts.keysSeen === undefined && opts.picks?.every((key) => key !== 'sig')
      ? opts.picks
      : undefined;
  const outside = (xid: number): boolean =>
    (opts.since !== undefined && xid < opts.since) || (opts.until !== undefined && xid >= opts.until);
  const open = new SampleIndex<OpenSample>((entry) => entry);
  const reader = new MessageReader(opts.keep, opts.keysSeen);
  let lineCount = 0;
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  let long = 0;
  // the open samples are looked over for complete ones every quarter of COMPLETE_AFTER_LINES lines
  let flushedAt = 0;
  // the header of the line before, and the sample it went to: the lines of one sample come one after another
  let header: LogHeader | undefined;
  let recent: OpenSample | undefined;
  const flush = (all: boolean): ReadSample[] => {
    flushedAt = lineCount;
    recent = undefined;
    const before = all ? Infinity : lineCount - COMPLETE_AFTER_LINES;
    return open
      .takeOut((entry) => entry.last < before)
      .map(closed)
      .sort(byTime);
  };
  for (const [f, file] of files.entries()) {
    try {
      for await (const batch of readLogLines(file, {
        onBytes: (bytes) => opts.progress?.(before + bytes, total),
        onLong: () => void long++,
      })) {
        const { text, starts, ends } = batch;
        readBytes(text.length);
        for (let i = 0; i < starts.length; i++) {
          lineCount++;
          const end = ends[i] as number;
          const log = syslogHeader(text, starts[i] as number, end, ident, header);
          if (log === undefined) continue;
          // a host's name is one string while its lines follow each other
          if (log.host !== header?.host) opts.hostsSeen?.add(log.host);
          header = log;
          if (hosts && !hosts.has(log.host)) continue;
          // a message starts with its xid: a line outside the period is passed over before it is decoded
          const lead = leadingXid(text, log.at, end);
          if (lead !== undefined && outside(lead)) continue;
          const message = text.slice(log.at, end);
          // a line with nothing to keep still says its sample is there (a row with empty cells)
          const plain = lead !== undefined && holds !== undefined && !message.includes(' event=');
          const holdsKept = plain && holds.some((held) => message.includes(held));
          const skim = plain && !holdsKept && WELL_FORMED.test(message);
          const picked =
            holdsKept && picks !== undefined && !message.includes('"') && WELL_FORMED.test(message)
              ? pick(message, picks)
              : undefined;
          const parsed = skim || picked !== undefined ? undefined : reader.read(message);
          const xid = skim || picked !== undefined ? lead : parsed?.xid;
          if (xid === undefined || outside(xid)) continue;
          const fields = picked ?? (parsed?.fields as Map<string, string> | undefined);
          // a line's signature is for `flightlog verify`, not a value
          fields?.delete('sig');
          const isEvent = fields?.has('event') === true;
          let entry =
            recent !== undefined && recent.xid === xid && recent.host === log.host && recent.pid === log.pid
              ? recent
              : open.get(log.host, log.pid, xid);
          if (entry === undefined) {
            entry = { host: log.host, pid: log.pid, xid, values: undefined, events: [], last: lineCount };
            open.add(entry);
          }
          // a line skimmed only says its sample is there; a line sent twice (a daemon that died mid-sample) counts once
          if (fields !== undefined && isEvent) addEvent(entry.events, fields);
          else if (fields !== undefined && entry.values === undefined) entry.values = fields;
          else if (fields !== undefined) {
            const values = entry.values;
            fields.forEach((v, k) => {
              values?.set(k, v);
            });
          }
          entry.last = lineCount;
          recent = entry;
        }
        if (lineCount - flushedAt < COMPLETE_AFTER_LINES / 4) continue;
        const done = flush(false);
        if (done.length > 0) yield done;
      }
    } catch (err) {
      (opts.damaged ?? warn)(`${file}: ${(err as Error).message}; the lines before it were read`);
    }
    before += sizes[f] as number;
  }
  if (long > 0) warn(`${long} line(s) longer than ${MAX_LOG_LINE_BYTES} bytes skipped: not flightlog's`);
  const rest = flush(true);
  if (rest.length > 0) yield rest;
}

/**
 * Gathers streamed samples whole, in time order (then by host): a sample whose lines came far apart
 * (the same log twice, a copy beside the original) is joined into one. `trim` keeps what a reader needs.
 */
export async function gatherSamples(
  batches: AsyncIterable<ReadSample[]>,
  trim: (sample: ReadSample) => ReadSample = (s) => s,
): Promise<ReadSample[]> {
  const index = new SampleIndex<ReadSample>((s) => s);
  // in the order they came: batch after batch in time order, so the sort below has little to do
  const all: ReadSample[] = [];
  for await (const batch of batches) {
    for (const sample of batch) {
      const kept = trim(sample);
      const known = index.get(sample.host, sample.pid, sample.xid);
      if (known === undefined) {
        index.add(kept);
        all.push(kept);
      } else {
        for (const [k, v] of kept.values) known.values.set(k, v);
        for (const event of kept.events) addEvent(known.events, event);
      }
    }
  }
  return all.sort(byTime);
}

/** An event line of a sample, unless the sample has it already: the same line sent again is one event. */
function addEvent(events: Array<ReadonlyMap<string, string>>, event: ReadonlyMap<string, string>): void {
  const same = (other: ReadonlyMap<string, string>): boolean =>
    other.size === event.size && [...event].every(([k, v]) => other.get(k) === v);
  if (!events.some(same)) events.push(event);
}

/** Every sample of the files, in time order (then by host): for the readers that need the whole period at once. */
export const readSamples = (files: readonly string[], opts: ReadOptions = {}): Promise<ReadSample[]> =>
  gatherSamples(streamSamples(files, opts));
