import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseStat } from '../../lib/sources/stat';

describe('/proc/stat', () => {
  it('reads cpu lines of every length, the counters and btime', () => {
    const rec = parseStat(
      'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4\ncpu12 1 2 3 4 5 6 7 8\nintr 99 1 2 3\nctxt 7\nbtime 1700000000\nprocesses 42\nprocs_running 3\nprocs_blocked 1\nsoftirq 5 1 1\n',
    );
    expect(rec.cpu).toEqual({
      user: 1n,
      nice: 2n,
      system: 3n,
      idle: 4n,
      iowait: 5n,
      irq: 6n,
      softirq: 7n,
      steal: 8n,
      guest: 9n,
      guestNice: 10n,
    });
    expect(rec.cpus.get(0)).toEqual({ user: 1n, nice: 2n, system: 3n, idle: 4n });
    expect([...rec.cpus.keys()]).toEqual([0, 12]);
    expect([rec.intr, rec.ctxt, rec.processes, rec.procsRunning, rec.procsBlocked, rec.btime]).toEqual([
      99n,
      7n,
      42n,
      3,
      1,
      1700000000,
    ]);
  });
  it.each([
    ['no aggregate cpu line', 'cpu0 1 2 3 4\n'],
    ['a cpu line with 3 fields', 'cpu 1 2 3\n'],
    ['a non-numeric tick', 'cpu 1 2 x 4\n'],
    ['a non-numeric ctxt', 'cpu 1 2 3 4\nctxt many\n'],
  ])('rejects %s', (_case, text) => expect(() => parseStat(text)).toThrow(ParseError));
});
