import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Buckets, WIDTHS_S } from '../../lib/plot/buckets';
import { BUCKET_BUDGET, PageBuilder, type HostPage } from '../../lib/plot/page-data';
import { ReportBuilder } from '../../lib/read/report';
import type { ReadSample } from '../../lib/read/samples';

/** The page's part of each host, built as report --html builds it: each sample counted by the report, then given to the page. */
function pagesOf(samples: readonly ReadSample[]): { pages: HostPage[]; widthS: number } {
  const report = new ReportBuilder([], undefined);
  const page = new PageBuilder();
  for (const s of samples) if (report.add(s)) page.add(s);
  return { pages: [...page.pages(report.reports(), (r) => r.host)], widthS: page.widthS };
}

describe("the page's charts", () => {
  it('group keys by module and unit, draw every key that changes once, and say time counters in words', () => {
    // a two-minute load: the disk's bytes written and its latency, memory resident, and 10 CPUs
    const samples: ReadSample[] = Array.from({ length: 12 }, (_, i) => ({
      host: 'pi7',
      pid: '1',
      xid: 1_790_000_000 + i * 10,
      events: [],
      values: new Map<string, string>([
        ['run.v', '1'],
        ['host.uptime_s', String(5000 + i * 10)],
        ['host.boot_time', '1789995000'],
        ['disk.sda.write_bytes_per_s', String(i * 1e8)],
        ['disk.sda.await_ms', String(i)],
        ['disk.sda.util_pct', String(i * 8)],
        ['disk.sda.writes_per_s', String(i * 100)],
        ['mem.used_bytes', String(1e9 + i * 1e8)],
        ['mem.total_bytes', '4000000000'],
        ...Array.from({ length: 10 }, (_, c): [string, string] => [`cpu.${c}.busy_pct`, String((i * c) % 100)]),
      ]),
    }));
    const charts = pagesOf(samples).pages[0]!.charts;
    expect(charts.map((c) => c.module)).toEqual([
      'cpu (%) 1/2',
      'cpu (%) 2/2',
      'disk (%)',
      'disk (/s)',
      'disk (bytes/s)',
      'disk (ms)',
      'mem (bytes)',
    ]);
    for (const c of charts) expect(new Set(c.series.map((s) => s.unit)).size).toBe(1);
    const drawn = charts.flatMap((c) => c.series.map((s) => s.key));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn).toContain('disk.sda.write_bytes_per_s');
    expect(drawn).toContain('mem.used_bytes');
    // uptime only grows, boot time and total memory hold: in words, not lines
    expect(drawn.filter((k) => k.startsWith('host.') || k === 'mem.total_bytes')).toEqual([]);
  });
});

const sample = (
  host: string,
  xid: number,
  values: ReadonlyArray<[string, string | number]>,
  events: Array<Map<string, string>> = [],
): ReadSample => ({
  host,
  pid: '1',
  xid,
  events,
  values: new Map<string, string>([['run.v', '1'], ...values.map(([k, v]): [string, string] => [k, String(v)])]),
});

/** A line's buckets as rows [number, min, max, sum, count]. */
const rowsOf = (b: Buckets): number[][] =>
  Array.from({ length: b.length }, (_, i) => [b.index(i), b.min(i), b.max(i), b.sum(i), b.count(i)]);

describe("the page's buckets", () => {
  it('merged to a coarser width hold what buckets of that width made from the values hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 5_000_000 }), fc.integer({ min: -1000, max: 1000 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: WIDTHS_S.length - 1 }),
        (values, steps) => {
          const fine = new Buckets();
          for (const [t, v] of values) fine.add(t, v);
          for (let i = 1; i <= steps; i++) fine.coarsen((WIDTHS_S[i] as number) / (WIDTHS_S[i - 1] as number));
          const direct = new Buckets();
          for (const [t, v] of values) direct.add(Math.floor(t / (WIDTHS_S[steps] as number)), v);
          expect(rowsOf(fine)).toEqual(rowsOf(direct));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the page of a long period', () => {
  it('stays within its budget of buckets, and no peak is averaged away', () => {
    // 100 hosts × 30 keys, 400 ten-minute samples: 1.2 million values, more buckets than the budget (500,000) holds at
    // ten minutes; half an hour fits (3,000 lines × 134 buckets)
    const T0 = 1_790_006_400;
    const report = new ReportBuilder([], undefined);
    const page = new PageBuilder();
    const peaks = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      for (let h = 0; h < 100; h++) {
        const values: Array<[string, number]> = Array.from({ length: 30 }, (_, k) => [
          `disk.d${k}.util_pct`,
          ((i * 7 + k * 13 + h) % 50) + (i === 100 + h ? 49.5 : 0),
        ]);
        const s = sample(`h${h}`, T0 + i * 600, values);
        if (report.add(s)) page.add(s);
        if (h === 3) for (const [k, v] of values) peaks.set(k, Math.max(peaks.get(k) ?? 0, v));
      }
    }
    const pages = [...page.pages(report.reports(), () => '')];
    const points = pages.reduce(
      (n, p) => n + p.charts.reduce((m, c) => m + c.series.reduce((o, s) => o + s.points.length, 0), 0),
      0,
    );
    expect(points).toBeLessThanOrEqual(BUCKET_BUDGET);
    expect(page.widthS).toBe(1800);
    const h3 = pages.find((p) => p.host === 'h3')!;
    for (const s of h3.charts.flatMap((c) => c.series)) {
      const drawn = Math.max(...s.points.map((p) => (p.length === 4 ? p[3] : (p[1] ?? -Infinity))));
      expect(drawn).toBe(peaks.get(s.key));
    }
  });

  it('breaks a line at a reboot and at a silence, at any width, and not between samples that follow each other', () => {
    const T0 = 1_790_006_400; // a multiple of 7200
    const samples: ReadSample[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i >= 900 && i < 960) continue; // ten hours without a sample
      samples.push(
        sample('pi', T0 + i * 600, [
          ['cpu.busy_pct', i % 90],
          ...(i === 1500 ? [['run.boot', 'new'] as [string, string]] : []),
        ]),
      );
    }
    const { pages, widthS } = pagesOf(samples);
    // 2,000 samples ten minutes apart: an hour a bucket keeps under 400 of them
    expect(widthS).toBe(3600);
    const points = pages[0]!.charts[0]!.series[0]!.points;
    const gaps = points.filter((p) => p[1] === null).map((p) => p[0]);
    // at the end of the hour of sample 899 (samples 894–899) and of sample 1499 (1494–1499)
    expect(gaps).toEqual([(T0 + 900 * 600) * 1000 - 1, (T0 + 1500 * 600) * 1000 - 1]);
    // six samples an hour: 150 hours, then samples 960–1999 in 174 hours
    expect(points.filter((p) => p[1] !== null)).toHaveLength(150 + 174);
  });

  it('lets each host go once its part is made, and still says whether a point stands for several samples', () => {
    const report = new ReportBuilder([], undefined);
    const page = new PageBuilder();
    // two hosts, 2,000 samples a minute apart each: the page's width grows past a minute, points hold several
    for (let i = 0; i < 2000; i++)
      for (const host of ['a', 'b']) {
        const s = sample(host, 1_790_000_000 + i * 60, [['cpu.busy_pct', i % 7]]);
        if (report.add(s)) page.add(s);
      }
    const reports = report.reports();
    expect(reports.map((r) => r.host)).toEqual(['a', 'b']);
    // the report's sketches were let go with its reports: asked again, it has none
    expect(report.reports()).toEqual([]);
    expect(page.banded).toBe(true);
    const pages = [...page.pages(reports, () => '')];
    expect(pages.map((p) => p.host)).toEqual(['a', 'b']);
    expect(page.banded).toBe(true);
    // made once: the hosts are gone from the builder
    expect([...page.pages(reports, () => '')]).toEqual([]);
  });

  it('fills a key that held one value back over the samples before it first changed', () => {
    const T0 = 1_790_006_400;
    const samples = Array.from({ length: 20 }, (_, i) =>
      sample('pi', T0 + i * 600, [['mem.used_bytes', i < 15 ? 1000 : 2000]]),
    );
    const line = pagesOf(samples).pages[0]!.charts[0]!.series[0]!.points;
    expect(line).toEqual(samples.map((s, i) => [s.xid * 1000, i < 15 ? 1000 : 2000]));
  });
});

describe('the fleet overview', () => {
  it('counts reboots by reason, crashes and OOM kills, and ranks the busiest disk and NIC by p95 as report does', () => {
    const T0 = 1_790_006_400;
    // 60 samples: few enough that report's p95 is the exact nearest rank
    const samples = Array.from({ length: 60 }, (_, i) =>
      sample(
        'pi',
        T0 + i * 600,
        [
          ['cpu.busy_pct', i],
          ['mem.used_pct', 50],
          ['disk.sda.util_pct', i % 10],
          ['disk.sdb.util_pct', (i * 3) % 40],
          ['net.eth0.rx_bytes_per_s', i * 1000],
          ['net.eth0.tx_bytes_per_s', 10],
          ['health.crashes_new', i === 40 ? 1 : 0],
          ['mem.oom_kills_new', i === 50 ? 2 : 0],
          ['health.crashfree_s', i >= 40 ? (i - 40) * 600 : 7200 + i * 600],
          ...(i === 20 || i === 45 ? [['run.boot', 'new'] as [string, string]] : []),
        ],
        i === 20
          ? [
              new Map([
                ['event', 'boot'],
                ['reason', 'under_voltage'],
              ]),
            ]
          : [],
      ),
    );
    const { pages } = pagesOf(samples);
    const o = pages[0]!.overview;
    expect(o.reboots).toBe(2);
    expect(o.reasons).toEqual({ under_voltage: 1, unknown: 1 });
    // the last sample is 19 × 600 s after the crash: 3.17 h, to a tenth 3.2
    expect([o.crashes, o.oomKills, o.crashfreeH]).toEqual([1, 2, 3.2]);
    // nearest rank: the 57th of 60 values (0.95 × 60). Of 0..59 it is 56; sdb's (i·3 mod 40: 0..39 once, then
    // 0, 3, … 39, 2, 5, … 17) has 39, 39, 38 above its 57th, which is 37, and is busier than sda (i mod 10: 9)
    expect(o.cpu).toMatchObject({ key: 'cpu.busy_pct', p95: 56, max: 59, p95Text: '56', maxText: '59' });
    expect(o.mem).toMatchObject({ key: 'mem.used_pct', p95: 50, max: 50 });
    expect(o.disk).toMatchObject({ key: 'disk.sdb.util_pct', p95: 37, max: 39 });
    // 59,000 bytes/s is 57.62 KiB/s
    expect(o.net).toMatchObject({ key: 'net.eth0.rx_bytes_per_s', p95: 56_000, maxText: '57.62 KiB/s' });
  });
});
