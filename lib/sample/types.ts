import { encodeEventLine, encodeLines, MAX_LINE_BYTES, SIGNATURE_BYTES, type Field } from '../format/line';

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
  /** with a signing key: one `sig=` value per line of `unsignedLines(sample, SIGNED_LINE_BYTES)`, in order */
  readonly signatures?: readonly string[];
  /** in a spool: how many of its first lines that output already took (it stopped mid-sample) */
  readonly linesSent?: number;
}

/** One event of a module: its fields, the first being `event=<kind>`. */
export interface EventRecord {
  readonly module: string;
  readonly fields: readonly Field[];
}

/** The longest line before its signature: a signed line, ` sig=…` included, stays within MAX_LINE_BYTES. */
export const SIGNED_LINE_BYTES = MAX_LINE_BYTES - SIGNATURE_BYTES;

/** The sample's lines, none over `maxBytes`, without signatures. */
export const unsignedLines = (sample: Sample, maxBytes = MAX_LINE_BYTES): string[] => [
  ...sample.modules.flatMap((m) => encodeLines(sample.xid, m.fields, maxBytes)),
  ...(sample.events ?? []).map((e) => encodeEventLine(sample.xid, e.fields, maxBytes)),
];

/** The lines of a sample that an output has yet to take: all but the `linesSent` it took before. */
export const linesToSend = (sample: Sample): string[] => sampleLines(sample).slice(sample.linesSent ?? 0);

/** The sample as text lines (`xid=… key=value …`): one or more per module, none over 1024 bytes; signed ones end in ` sig=…`. */
export const sampleLines = (sample: Sample): string[] => {
  const { signatures } = sample;
  if (signatures === undefined) return unsignedLines(sample);
  return unsignedLines(sample, SIGNED_LINE_BYTES).map((line, i) => `${line} sig=${signatures[i] ?? ''}`);
};
