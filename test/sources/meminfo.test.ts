import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseMeminfo } from '../../lib/sources/meminfo';

describe('/proc/meminfo', () => {
  it('reads /proc/meminfo in bytes, keeping unitless counts', () => {
    const m = parseMeminfo('MemTotal:       16314348 kB\nHugePages_Total:       4\nDirectMap4k(x):     12 kB\n');
    expect([m.get('MemTotal'), m.get('HugePages_Total'), m.get('DirectMap4k(x)')]).toEqual([
      16314348n * 1024n,
      4n,
      12288n,
    ]);
  });
  it('rejects a meminfo line in the wrong shape', () =>
    expect(() => parseMeminfo('MemTotal: lots\n')).toThrow(ParseError));
});
