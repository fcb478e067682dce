import { ParseError } from '../core/errors';

/** /proc/uptime: "12345.67 23456.78": seconds since boot (the first field; the second is idle time). */
export function parseUptime(text: string): number {
  const first = text.trim().split(/\s+/)[0] ?? '';
  if (!/^\d+(\.\d+)?$/.test(first)) throw new ParseError('/proc/uptime', text.trim(), 'expected seconds');
  return Number(first);
}
