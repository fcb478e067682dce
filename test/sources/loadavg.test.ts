import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseLoadAvg } from '../../lib/sources/loadavg';

describe('/proc/loadavg', () => {
  it('reads /proc/loadavg', () =>
    expect(parseLoadAvg('0.27 0.10 0.03 1/79 2245\n')).toEqual({ load1: 0.27, load5: 0.1, load15: 0.03, threads: 79 }));
  it('rejects a torn /proc/loadavg', () => expect(() => parseLoadAvg('0.27 0.10\n')).toThrow(ParseError));
});
