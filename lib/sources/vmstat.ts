import { ParseError } from '../core/errors';

/** /proc/vmstat: "name value" lines; page counts are in pages of the running kernel's page size. */
export function parseVmstat(text: string): ReadonlyMap<string, bigint> {
  const out = new Map<string, bigint>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(\w+)\s+(-?\d+)\s*$/.exec(line);
    if (!m) throw new ParseError('/proc/vmstat', line, 'expected "name value"');
    out.set(m[1] as string, BigInt(m[2] as string));
  }
  return out;
}
