import type { Field } from '../core/sample';
import { formatValue } from './value';

/** The longest line flightlog writes, in bytes, `xid=` included (syslog's own prefix comes on top). */
export const MAX_LINE_BYTES = 1024;

/** The room a signature (` sig=<8>:<seq up to 10 digits>:<32>`, lib/format/sign.ts) takes at the end of a line, with some to spare. */
export const SIGNATURE_BYTES = 60;

/** A sample that cannot be written as lines (a key outside the grammar): the sample's fault, not the output's. */
export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

/** Keys are `module.field` or `module.subject.field`; subjects are sanitized before they get here. */
const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

/**
 * Encodes one module's fields as one or more lines, each starting with `xid=<xid>`, split on key
 * boundaries so that no line passes `maxBytes` (MAX_LINE_BYTES, less the room a signature takes). Values that cannot be written (NaN) are left out.
 */
export function encodeLines(xid: number, fields: readonly Field[], maxBytes = MAX_LINE_BYTES): string[] {
  const head = `xid=${xid}`;
  const lines: string[] = [];
  let line = head;
  let bytes = Buffer.byteLength(head);
  for (const [key, value] of fields) {
    if (!KEY.test(key)) throw new EncodeError(`invalid key ${JSON.stringify(key)}`);
    const text = formatValue(value);
    if (text === undefined) continue;
    const pair = ` ${key}=${text}`;
    const size = Buffer.byteLength(pair);
    if (bytes + size > maxBytes && line !== head) {
      lines.push(line);
      line = head;
      bytes = Buffer.byteLength(head);
    }
    line += pair;
    bytes += size;
  }
  if (line !== head) lines.push(line);
  return lines;
}

/** Keys of an event line: plain words (`event`, `comm`, `pid`); the line's first field is `event=<kind>`. */
const EVENT_KEY = /^[a-z][a-z0-9_]*$/;

/**
 * One event as one line: `xid=… event=coredump comm=… pid=…`. Fields that would take it past
 * MAX_LINE_BYTES are left out and `truncated=1` says so.
 */
export function encodeEventLine(xid: number, fields: readonly Field[], maxBytes = MAX_LINE_BYTES): string {
  let line = `xid=${xid}`;
  for (const [key, value] of fields) {
    if (!EVENT_KEY.test(key)) throw new EncodeError(`invalid event key ${JSON.stringify(key)}`);
    const text = formatValue(value);
    if (text === undefined) continue;
    const pair = ` ${key}=${text}`;
    if (Buffer.byteLength(line + pair) > maxBytes - ' truncated=1'.length) return `${line} truncated=1`;
    line += pair;
  }
  return line;
}
