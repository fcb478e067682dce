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

  it('grows past its first arrays without losing one', () => {
    const seen = new SeenSamples();
    for (let i = 0; i < 10_000; i++) expect(seen.add('h', '1', i * 600)).toBe(true);
    for (let i = 0; i < 10_000; i += 997) expect(seen.add('h', '1', i * 600)).toBe(false);
  });
});
