/**
 * Reads a flightlog message (`xid=… key=value …`) back into its fields: the one decoder that the
 * readers use. Bare values end at a space; quoted values undo the escapes of value.ts. Numbers stay
 * strings here (`toNumber` converts), so a reader can tell a missing value from a zero.
 */
export interface ParsedLine {
  readonly xid: number;
  readonly fields: ReadonlyMap<string, string>;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

/**
 * Returns undefined for text that is not a flightlog message (another program's line, junk, a torn line).
 * With `keep`, the whole line is still checked but only the keys it keeps are returned (and `event`,
 * which tells an event line); `seen`, when given, gets every key of the line.
 */
export function parseMessage(message: string, keep?: (key: string) => boolean, seen?: Set<string>): ParsedLine | undefined {
  let xid: string | undefined;
  const fields = new Map<string, string>();
  // the keys not kept, told to `seen` only once the whole line proves to be a message
  let dropped: string[] | undefined;
  let i = 0;
  const n = message.length;
  while (i < n) {
    while (message[i] === ' ') i++;
    if (i >= n) break;
    const eq = message.indexOf('=', i);
    if (eq < 0) return undefined;
    if (eq === i || !isKey(message, i, eq)) return undefined;
    const key = message.slice(i, eq);
    i = eq + 1;
    let value = '';
    if (message[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const ch = message[i] as string;
        if (ch === '"') { closed = true; i++; break; }
        if (ch === '\\') {
          const next = message[i + 1];
          if (next === 'x' && /^[0-9a-f]{2}$/i.test(message.slice(i + 2, i + 4))) {
            value += String.fromCharCode(parseInt(message.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          const esc = next === undefined ? undefined : ESCAPES[next];
          if (esc === undefined) return undefined;
          value += esc;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      if (!closed || (i < n && message[i] !== ' ')) return undefined;
    } else {
      const space = message.indexOf(' ', i);
      const end = space < 0 ? n : space;
      value = message.slice(i, end);
      i = end;
    }
    if (key === 'xid') xid = value;
    else if (keep === undefined || key === 'event' || keep(key)) fields.set(key, value);
    else if (seen !== undefined) {
      dropped ??= [];
      dropped.push(key);
    }
  }
  if (xid === undefined || !/^\d+$/.test(xid)) return undefined;
  if (seen !== undefined) {
    for (const key of fields.keys()) seen.add(key);
    for (const key of dropped ?? []) seen.add(key);
  }
  return { xid: Number(xid), fields };
}

/** Whether message[from, to) is all letters, digits, `_`, `.` and `-` (a key's characters). */
function isKey(message: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const c = message.charCodeAt(j);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/** A number as the lines write one (`-12.5`, `3`): digits, an optional minus and an optional fraction; anything else is not a number. */
export function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return undefined;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined;
    const fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fracStart || i < n) return undefined;
  }
  return Number(text);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
