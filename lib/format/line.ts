import { formatValue, type Value } from './value';

/** The longest line flightlog writes, in bytes, `xid=` included (syslog's own prefix comes on top). */
export const MAX_LINE_BYTES = 1024;

export type Field = readonly [key: string, value: Value];

/** Keys are `module.field` or `module.subject.field`; subjects are sanitized before they get here. */
const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

/**
 * Encodes one module's fields as one or more lines, each starting with `xid=<xid>`, split on key
 * boundaries so that no line passes MAX_LINE_BYTES. Values that cannot be written (NaN) are left out.
 */
export function encodeLines(xid: number, fields: readonly Field[]): string[] {
  const head = `xid=${xid}`;
  const lines: string[] = [];
  let line = head;
  let bytes = Buffer.byteLength(head);
  for (const [key, value] of fields) {
    if (!KEY.test(key)) throw new Error(`invalid key ${JSON.stringify(key)}`);
    const text = formatValue(value);
    if (text === undefined) continue;
    const pair = ` ${key}=${text}`;
    const size = Buffer.byteLength(pair);
    if (bytes + size > MAX_LINE_BYTES && line !== head) {
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
