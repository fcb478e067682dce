import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseUptime } from '../../lib/sources/uptime';

describe('/proc/uptime', () => {
  it('reads /proc/uptime', () => expect(parseUptime('12345.67 23456.78\n')).toBe(12345.67));
  it('rejects a torn /proc/uptime', () => expect(() => parseUptime('')).toThrow(ParseError));
});
