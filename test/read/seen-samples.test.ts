import { describe, expect, it } from 'vitest';
import { SeenSamples } from '../../lib/read/seen-samples';

describe('the samples a reader has counted', () => {
  it('tells a sample seen before, in order or late, by host, pid and time', () => {
    const seen = new SeenSamples();
    const steps: Array<[string, string, number, boolean]> = [
      ['pi7', '100', 600, true],
      ['pi7', '100', 1200, true],
      ['pi7', '100', 1200, false],
      // two runs in the same second (a manual run beside cron's) are two samples
      ['pi7', '101', 1200, true],
      ['pi8', '100', 1200, true],
      // a spool catching up: earlier samples after later ones, once each
      ['pi7', '100', 900, true],
      ['pi7', '100', 900, false],
      ['pi7', '100', 600, false],
      // the log read a second time, from its start
      ['pi7', '100', 1200, false],
      ['pi7', '101', 1200, false],
      ['pi7', '102', 1800, true],
    ];
    for (const [host, pid, xid, isNew] of steps)
      expect([host, pid, xid, seen.add(host, pid, xid)]).toEqual([host, pid, xid, isNew]);
  });

  it('tells apart what 32 bits cannot hold: a time past 2106, a fraction of a second, a pid past 2^32', () => {
    const seen = new SeenSamples();
    const steps: Array<[string, number, boolean]> = [
      ['1', 600, true],
      // 2^32 + 600 would be 600 in a 32-bit array
      ['1', 2 ** 32 + 600, true],
      ['1', 2 ** 32 + 600, false],
      ['1', 1200.5, true],
      ['1', 1200, true],
      ['1', 1200.5, false],
      // 2^32 + 1 would be pid 1
      [String(2 ** 32 + 1), 1800, true],
      ['1', 1800, true],
      [String(2 ** 32 + 1), 1800, false],
    ];
    for (const [pid, xid, isNew] of steps) expect([pid, xid, seen.add('h', pid, xid)]).toEqual([pid, xid, isNew]);
  });

  it('grows past its first arrays without losing one', () => {
    const seen = new SeenSamples();
    for (let i = 0; i < 10_000; i++) expect(seen.add('h', '1', i * 600)).toBe(true);
    for (let i = 0; i < 10_000; i += 997) expect(seen.add('h', '1', i * 600)).toBe(false);
  });
});
