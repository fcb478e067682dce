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
  it("reads a large machine's: 256 CPUs, an intr line of 4,000 counts, leading spaces", () => {
    const cpus = Array.from({ length: 256 }, (_, i) => `cpu${i} ${i} 0 0 ${1000 - i} 0 0 0 0 0 0`).join('\n');
    const intr = `intr 123456789012 ${Array.from({ length: 4000 }, (_, i) => i % 7).join(' ')}`;
    const rec = parseStat(`cpu  10 0 0 20 0 0 0 0 0 0\n${cpus}\n${intr}\n  ctxt 5\nsoftirq 9 ${'1 '.repeat(10)}\n`);
    expect(rec.cpus.size).toBe(256);
    expect(rec.cpus.get(255)).toEqual(expect.objectContaining({ user: 255n, idle: 745n }));
    expect([rec.intr, rec.ctxt]).toEqual([123456789012n, 5n]);
  });
  it.each([
    ['an intr line without its count', 'cpu 1 2 3 4\nintr\n'],
    ['no aggregate cpu line', 'cpu0 1 2 3 4\n'],
    ['a cpu line with 3 fields', 'cpu 1 2 3\n'],
    ['a non-numeric tick', 'cpu 1 2 x 4\n'],
    ['a non-numeric ctxt', 'cpu 1 2 3 4\nctxt many\n'],
  ])('rejects %s', (_case, text) => expect(() => parseStat(text)).toThrow(ParseError));
});
