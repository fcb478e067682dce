import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseDiskstats } from '../../lib/sources/diskstats';

describe('/proc/diskstats', () => {
  const head = '   8       0 sda';
  it.each([
    ['11 fields (before 4.18)', 11],
    ['15 fields (discards, 4.18)', 15],
    ['17 fields (flushes, 5.5)', 17],
    ['20 fields (a newer kernel)', 20],
  ])('reads %s', (_case, count) => {
    const fields = Array.from({ length: count }, (_, i) => String(i + 1)).join(' ');
    const [rec] = parseDiskstats(`${head} ${fields}\n`);
    expect(rec?.name).toBe('sda');
    expect(rec?.fields).toHaveLength(count);
    expect(rec?.fields[10]).toBe(11n);
  });
  it('reads the 4-field partition lines of 2.6 kernels', () =>
    expect(parseDiskstats('   8       1 sda1 10 20 30 40\n')[0]?.fields).toEqual([10n, 20n, 30n, 40n]));
  it.each([
    ['7 fields', `${head} 1 2 3 4 5 6 7`],
    ['a non-numeric field', `${head} 1 2 3 4 5 6 7 8 9 x 11`],
    ['no name', '   8       0'],
  ])('rejects %s', (_case, line) => expect(() => parseDiskstats(line)).toThrow(ParseError));
});
