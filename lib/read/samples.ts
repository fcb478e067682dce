import { statSync } from 'node:fs';
import { parseMessage } from '../format/parse';
import { readLogLines } from './lines';
import { splitSyslogLine } from './syslog-line';

/** One sample read back from the logs: all the lines of one host that share an xid, joined. */
export interface ReadSample {
  readonly host: string;
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
  /** bytes read so far of all files, and their total size */
  readonly progress?: (done: number, total: number) => void;
  readonly warn?: (line: string) => void;
}

/**
 * Reads the files and returns their samples in time order (then by host). Lines of other programs,
 * torn lines and junk are skipped; a sample whose lines sit in two files (a rotation in the middle of a
 * run) is joined all the same. A damaged archive gives what it holds and a warning.
 */
export async function readSamples(files: readonly string[], opts: ReadOptions = {}): Promise<ReadSample[]> {
  const ident = opts.ident ?? 'flightlog';
  const hosts = opts.hosts && opts.hosts.length > 0 ? new Set(opts.hosts) : undefined;
  const samples = new Map<string, ReadSample>();
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  for (const [i, file] of files.entries()) {
    try {
      for await (const line of readLogLines(file, (bytes) => opts.progress?.(before + bytes, total))) {
        const log = splitSyslogLine(line, ident);
        if (log === undefined || (hosts && !hosts.has(log.host))) continue;
        const parsed = parseMessage(log.message);
        if (parsed === undefined) continue;
        if ((opts.since !== undefined && parsed.xid < opts.since) || (opts.until !== undefined && parsed.xid >= opts.until)) continue;
        const id = `${log.host}\0${parsed.xid}`;
        let sample = samples.get(id);
        if (sample === undefined) {
          sample = { host: log.host, xid: parsed.xid, values: new Map(), events: [] };
          samples.set(id, sample);
        }
        // a line's signature is for `flightlog verify`, not a value
        if (parsed.fields.has('event')) sample.events.push(new Map([...parsed.fields].filter(([k]) => k !== 'sig')));
        else for (const [k, v] of parsed.fields) if (k !== 'sig') sample.values.set(k, v);
      }
    } catch (err) {
      (opts.warn ?? (() => {}))(`${file}: ${(err as Error).message}; read what came before`);
    }
    before += sizes[i] as number;
  }
  return [...samples.values()].sort((a, b) => a.xid - b.xid || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
