import { describe, expect, it } from 'vitest';
import { hostCharts } from '../../lib/plot/html';
import type { ReadSample } from '../../lib/read/samples';

describe('the page\'s charts', () => {
  it('group keys by module and unit, draw every key that changes once, and say time counters in words', () => {
    // a two-minute load: the disk's bytes written and its latency, memory resident, and 10 CPUs
    const samples: ReadSample[] = Array.from({ length: 12 }, (_, i) => ({
      host: 'pi7', pid: '1', xid: 1_790_000_000 + i * 10, events: [],
      values: new Map<string, string>([
        ['run.v', '1'], ['host.uptime_s', String(5000 + i * 10)], ['host.boot_time', '1789995000'],
        ['disk.sda.write_bytes_per_s', String(i * 1e8)], ['disk.sda.await_ms', String(i)], ['disk.sda.util_pct', String(i * 8)], ['disk.sda.writes_per_s', String(i * 100)],
        ['mem.used_bytes', String(1e9 + i * 1e8)], ['mem.total_bytes', '4000000000'],
        ...Array.from({ length: 10 }, (_, c): [string, string] => [`cpu.${c}.busy_pct`, String((i * c) % 100)]),
      ]),
    }));
    const charts = hostCharts(samples);
    expect(charts.map((c) => c.module)).toEqual(['cpu (%) 1/2', 'cpu (%) 2/2', 'disk (%)', 'disk (/s)', 'disk (bytes/s)', 'disk (ms)', 'mem (bytes)']);
    for (const c of charts) expect(new Set(c.series.map((s) => s.unit)).size).toBe(1);
    const drawn = charts.flatMap((c) => c.series.map((s) => s.key));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn).toContain('disk.sda.write_bytes_per_s');
    expect(drawn).toContain('mem.used_bytes');
    // uptime only grows, boot time and total memory hold: in words, not lines
    expect(drawn.filter((k) => k.startsWith('host.') || k === 'mem.total_bytes')).toEqual([]);
  });
});
