import { statSync } from 'node:fs';
import { parseMessage } from '../format/parse';
import { MAX_LOG_LINE_BYTES, readLogLines } from './lines';
import { splitSyslogLine } from './syslog-line';

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
}

/**
 * The lines of one sample are written within milliseconds of each other, so they sit together in a log
 * (a central log interleaves a few hosts): a sample is complete once this many lines came after its last.
 */
const COMPLETE_AFTER_LINES = 20_000;

const LEADING_XID = /^xid=(\d+) /;

/**
 * A message as flightlog writes one (xid first, and once), checked without being decoded: what it
 * accepts, parseMessage (lib/format/parse.ts) reads with the same xid. Anything else is decoded.
 */
const WELL_FORMED = /^xid=\d+(?: +(?!xid=)[A-Za-z0-9_.-]+=(?:"(?:[^"\\]|\\(?:[nt"\\]|x[0-9a-fA-F]{2}))*"|(?!")[^ ]*))* *$/;

const byTime = (a: ReadSample, b: ReadSample): number => a.xid - b.xid || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

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
  const outside = (xid: number): boolean => (opts.since !== undefined && xid < opts.since) || (opts.until !== undefined && xid >= opts.until);
  // each open sample with the number of the last line that added to it
  const open = new Map<string, { sample: ReadSample; last: number }>();
  let lineCount = 0;
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  let long = 0;
  // the open samples are looked over for complete ones every quarter of COMPLETE_AFTER_LINES lines
  let flushedAt = 0;
  // the sample of the line before: the lines of one sample come one after another
  let recent: { host: string; pid: string; xid: number; entry: { sample: ReadSample; last: number } } | undefined;
  const flush = (all: boolean): ReadSample[] => {
    flushedAt = lineCount;
    recent = undefined;
    const done: ReadSample[] = [];
    for (const [id, entry] of open) {
      if (all || entry.last < lineCount - COMPLETE_AFTER_LINES) {
        done.push(entry.sample);
        open.delete(id);
      }
    }
    return done.sort(byTime);
  };
  for (const [i, file] of files.entries()) {
    try {
      for await (const batch of readLogLines(file, { onBytes: (bytes) => opts.progress?.(before + bytes, total), onLong: () => void long++ })) {
        for (const line of batch.lines) {
          lineCount++;
          const log = splitSyslogLine(line, ident);
          if (log === undefined) continue;
          opts.hostsSeen?.add(log.host);
          if (hosts && !hosts.has(log.host)) continue;
          // a message starts with its xid: a line outside the period is passed over before it is decoded
          const lead = LEADING_XID.exec(log.message);
          if (lead !== null && outside(Number(lead[1]))) continue;
          // a line with nothing to keep still says its sample is there (a row with empty cells)
          const skim = lead !== null && holds !== undefined && !holds.some((text) => log.message.includes(text)) && !log.message.includes(' event=') && WELL_FORMED.test(log.message);
          const parsed = skim ? undefined : parseMessage(log.message, opts.keep, opts.keysSeen);
          const xid = skim ? Number((lead as RegExpExecArray)[1]) : parsed?.xid;
          if (xid === undefined || outside(xid)) continue;
          let entry = recent !== undefined && recent.xid === xid && recent.host === log.host && recent.pid === log.pid ? recent.entry : undefined;
          if (entry === undefined) {
            const id = `${log.host}\0${log.pid}\0${xid}`;
            entry = open.get(id);
            if (entry === undefined) {
              entry = { sample: { host: log.host, pid: log.pid, xid, values: new Map(), events: [] }, last: lineCount };
              open.set(id, entry);
            }
            recent = { host: log.host, pid: log.pid, xid, entry };
          }
          entry.last = lineCount;
          if (parsed === undefined) continue;
          const { sample } = entry;
          // a line's signature is for `flightlog verify`, not a value
          if (parsed.fields.has('event')) sample.events.push(new Map([...parsed.fields].filter(([k]) => k !== 'sig')));
          else for (const [k, v] of parsed.fields) if (k !== 'sig') sample.values.set(k, v);
        }
        if (lineCount - flushedAt < COMPLETE_AFTER_LINES / 4) continue;
        const done = flush(false);
        if (done.length > 0) yield done;
      }
    } catch (err) {
      warn(`${file}: ${(err as Error).message}; read what came before`);
    }
    before += sizes[i] as number;
  }
  if (long > 0) warn(`${long} line(s) longer than ${MAX_LOG_LINE_BYTES} bytes skipped: not flightlog's`);
  const rest = flush(true);
  if (rest.length > 0) yield rest;
}

/**
 * Gathers streamed samples whole, in time order (then by host): a sample whose lines came far apart
 * (the same log twice, a copy beside the original) is joined into one. `trim` keeps what a reader needs.
 */
export async function gatherSamples(batches: AsyncIterable<ReadSample[]>, trim: (sample: ReadSample) => ReadSample = (s) => s): Promise<ReadSample[]> {
  const all = new Map<string, ReadSample>();
  for await (const batch of batches) {
    for (const sample of batch) {
      const kept = trim(sample);
      const id = `${sample.host}\0${sample.pid}\0${sample.xid}`;
      const known = all.get(id);
      if (known === undefined) all.set(id, kept);
      else {
        for (const [k, v] of kept.values) known.values.set(k, v);
        known.events.push(...kept.events);
      }
    }
  }
  return [...all.values()].sort(byTime);
}

/** Every sample of the files, in time order (then by host): for the readers that need the whole period at once. */
export const readSamples = (files: readonly string[], opts: ReadOptions = {}): Promise<ReadSample[]> => gatherSamples(streamSamples(files, opts));
