import { ParseError } from '../core/errors';

/**
 * /proc/meminfo: "Name:   value kB" lines, converted to bytes here. A few lines (HugePages_Total, …)
 * carry no unit and are counts; they are kept as they are. Lines the kernel does not print are absent.
 */
export function parseMeminfo(text: string): ReadonlyMap<string, bigint> {
  const out = new Map<string, bigint>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (!m) throw new ParseError('/proc/meminfo', line, 'expected "Name: value kB"');
    const value = BigInt(m[2] as string);
    out.set(m[1] as string, m[3] ? value * 1024n : value);
  }
  return out;
}
