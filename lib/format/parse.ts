import { own } from '../core/own';

/**
 * Reads a flightlog message (`xid=… key=value …`) back into its fields: the one decoder that the
 * readers use. Bare values end at a space; quoted values undo the escapes of value.ts. Numbers stay
 * strings here (`toNumber` converts), so a reader can tell a missing value from a zero.
 */
export interface ParsedLine {
  readonly xid: number;
  readonly fields: ReadonlyMap<string, string>;
}

/** The characters after a backslash, and what they stand for (`\xNN` apart). */
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Returns undefined for text that is not a flightlog message (another program's line, junk, a torn line).
 * With `keep`, the whole line is still checked but only the keys it keeps are returned (and `event`,
 * which tells an event line); `seen`, when given, gets every key of the line.
 */
export const parseMessage = (
  message: string,
  keep?: (key: string) => boolean,
  seen?: Set<string>,
): ParsedLine | undefined => new MessageReader(keep, seen).read(message);

/**
 * The most keys a reader remembers, and the longest: past them (a log of ever new or very long keys,
 * which flightlog never writes) a key is a string of its own each time, so memory stays bounded.
 */
const MAX_NAMES = 1 << 16;
const MAX_NAME_CHARS = 256;
/** The most places of a line its shape remembers: flightlog's lines (1,024 bytes at most) have far fewer keys. */
const MAX_SHAPE_PLACES = 256;

/** A key met before: one string for all its lines, whether it is one (its characters), whether it is kept, and whether it is remembered. */
interface KeyName {
  readonly name: string;
  readonly valid: boolean;
  readonly kept: boolean;
  readonly remembered: boolean;
}

/**
 * Reads message after message with the same `keep` and `seen`: the readers' decoder over a whole log.
 * A log holds the same few hundred keys on every line, so each key is made a string once (and asked of
 * `keep` once); the maps that take it afterwards find its hash already taken. A value is made a string
 * only when it is kept.
 */
export class MessageReader {
  private readonly names = new Map<string, KeyName>();
  /**
   * The keys of the last message that began with each key (after its xid), in order: a host writes the
   * same lines sample after sample, so a key is most often the one at its place last time, told by
   * comparing its text rather than by a lookup.
   */
  private readonly shapes = new Map<KeyName, KeyName[]>();
  private readonly xidName: KeyName;

  constructor(
    private readonly keep?: (key: string) => boolean,
    private readonly seen?: Set<string>,
  ) {
    this.xidName = this.nameOf('xid');
  }

  read(message: string): ParsedLine | undefined {
    let xid: string | undefined;
    const fields = new Map<string, string>();
    // the keys not kept, told to `seen` only once the whole line proves to be a message
    let dropped: string[] | undefined;
    let i = 0;
    const n = message.length;
    let shape: KeyName[] | undefined;
    for (let place = 0; i < n; place++) {
      while (message.charCodeAt(i) === SPACE) i++;
      if (i >= n) break;
      const eq = message.indexOf('=', i);
      if (eq < 0) return undefined;
      const text = message.slice(i, eq);
      const guess = place === 0 ? this.xidName : shape?.[place];
      const name = guess !== undefined && guess.name === text ? guess : this.nameOf(text);
      if (place === 1) shape = this.shapeOf(name);
      else if (shape !== undefined && name !== guess && name.remembered && place < MAX_SHAPE_PLACES)
        shape[place] = name;
      const { name: key, kept, valid } = name;
      if (!valid) return undefined;
      i = eq + 1;
      let value = '';
      if (message.charCodeAt(i) === QUOTE) {
        const quoted = readQuoted(message, i + 1);
        if (quoted === undefined) return undefined;
        value = own(quoted.value);
        i = quoted.end;
        if (i < n && message.charCodeAt(i) !== SPACE) return undefined;
      } else {
        const space = message.indexOf(' ', i);
        const end = space < 0 ? n : space;
        if (kept) value = own(message.slice(i, end));
        i = end;
      }
      if (key === 'xid') xid = value;
      else if (kept) fields.set(key, value);
      else if (this.seen !== undefined) {
        dropped ??= [];
        dropped.push(key);
      }
    }
    if (xid === undefined || !isDigits(xid)) return undefined;
    if (this.seen !== undefined) {
      for (const key of fields.keys()) this.seen.add(key);
      for (const key of dropped ?? []) this.seen.add(key);
    }
    return { xid: Number(xid), fields };
  }

  private shapeOf(first: KeyName): KeyName[] | undefined {
    let shape = this.shapes.get(first);
    if (shape === undefined && first.remembered && this.shapes.size < MAX_NAMES) {
      shape = [];
      this.shapes.set(first, shape);
    }
    return shape;
  }

  private nameOf(key: string): KeyName {
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const valid = isKey(key);
    const remembered = this.names.size < MAX_NAMES && key.length <= MAX_NAME_CHARS;
    const made = {
      name: own(key),
      valid,
      kept: valid && (key === 'xid' || key === 'event' || this.keep === undefined || this.keep(key)),
      remembered,
    };
    if (remembered) this.names.set(key, made);
    return made;
  }
}

/** Whether the text is a key: one or more letters, digits, `_`, `.` and `-`. */
function isKey(text: string): boolean {
  if (text.length === 0) return false;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 46 || c === 45))
      return false;
  }
  return true;
}

/**
 * The quoted value whose text starts at `from` (after its opening quote), its escapes undone, and where
 * it ends (after its closing quote); undefined for a value never closed or an escape value.ts never writes.
 */
function readQuoted(message: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let i = from;
  // the plain text since the last escape, added in one piece
  let run = from;
  for (;;) {
    const c = message.charCodeAt(i);
    if (Number.isNaN(c)) return undefined;
    if (c === QUOTE) return { value: value + message.slice(run, i), end: i + 1 };
    if (c !== BACKSLASH) {
      i++;
      continue;
    }
    value += message.slice(run, i);
    const next = message[i + 1];
    if (next === 'x' && isHexPair(message, i + 2)) {
      value += String.fromCharCode(parseInt(message.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      const esc = next === undefined ? undefined : ESCAPES[next];
      if (esc === undefined) return undefined;
      value += esc;
      i += 2;
    }
    run = i;
  }
}

const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isHexPair = (text: string, at: number): boolean => isHex(text.charCodeAt(at)) && isHex(text.charCodeAt(at + 1));

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let j = 0; j < text.length; j++) if (!isDigit(text.charCodeAt(j))) return false;
  return true;
}

/** A number as the lines write one (`-12.5`, `3`): digits, an optional minus and an optional fraction; anything else is not a number. */
export function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  // the digits as one integer: exact up to 15 of them, and then one division is the number itself
  let digits = 0;
  let scaled = 0;
  for (let c = text.charCodeAt(i); isDigit(c); c = text.charCodeAt(++i)) {
    scaled = scaled * 10 + (c - 48);
    digits++;
  }
  if (i === intStart) return undefined;
  let decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined;
    const fracStart = ++i;
    for (let c = text.charCodeAt(i); isDigit(c); c = text.charCodeAt(++i)) scaled = scaled * 10 + (c - 48);
    decimals = i - fracStart;
    digits += decimals;
    if (decimals === 0 || i < n) return undefined;
  }
  if (digits > 15) return Number(text);
  const value = decimals === 0 ? scaled : scaled / 10 ** decimals;
  return intStart === 1 ? -value : value;
}

/** Whether a character code is a decimal digit: the readers' hand-written scanners share it. */
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
