import { encodeEventLine, encodeLines, type Field } from '../format/line';

/** One module's part of a sample: its fields with full keys, in order. */
export interface ModuleFields {
  readonly module: string;
  readonly fields: readonly Field[];
}

/** One sample: what every output receives, and what the spool keeps when none took it. */
export interface Sample {
  /** wall-clock time of the sample, whole epoch seconds: joins the sample's lines */
  readonly xid: number;
  readonly timeMs: number;
  readonly host: string;
  readonly modules: readonly ModuleFields[];
  /** what happened since the previous sample, one line each: [['event', 'coredump'], ['comm', 'x'], …] */
  readonly events?: readonly EventRecord[];
}

/** One event of a module: its fields, the first being `event=<kind>`. */
export interface EventRecord {
  readonly module: string;
  readonly fields: readonly Field[];
}

/** The sample as text lines (`xid=… key=value …`): one or more per module, none over 1024 bytes. */
export const sampleLines = (sample: Sample): string[] => [
  ...sample.modules.flatMap((m) => encodeLines(sample.xid, m.fields)),
  ...(sample.events ?? []).map((e) => encodeEventLine(sample.xid, e.fields)),
];
