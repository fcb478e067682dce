// The shared vocabulary every floor speaks: a value, a field, a sample and its parts. Types only.

/** A value on a line: a number, or text. */
export type Value = number | string;

/** One key and its value: `['cpu.busy_pct', 12.31]`. */
export type Field = readonly [key: string, value: Value];

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

/**
 * What a multi-rate module gathered in its current window, kept in the state file between runs:
 * per numeric key [min, sum, max, n] (n: the runs that had the key), per text key its last value.
 */
export interface Ring {
  /** the window's number: floor(xid / window_s) */
  readonly window: number;
  readonly runs: number;
  readonly keys: Readonly<Record<string, readonly [number, number, number, number] | string>>;
}
