import { describe, expect, it } from 'vitest';
import { busyFor, sourceBusy, translateBusy, workAt, type Calibration } from '../../lib/replay/calibration';
import { stepsOf } from '../../lib/replay/replay';
import { agreement } from '../../lib/replay/stats';
import type { ReadSample } from '../../lib/read/samples';

const LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
/** A source whose cores do twice the work of this machine's at any level, and has four of them to its two. */
const source: Calibration = { cores: 4, table: LEVELS.map((p) => [p, 2 * p]) };
const here: Calibration = { cores: 2, table: LEVELS.map((p) => [p, p]) };

describe('calibration tables', () => {
  it('interpolates between the levels and from zero', () => {
    expect(workAt(source, 5)).toBe(10);
    expect(workAt(source, 25)).toBe(50);
    expect(busyFor(here, 45)).toBe(45);
  });
  it.each([
    // 10 % of a source core is 20 units/s, × 4 cores = 80, over 2 cores here = 40 per core: 40 %
    [10, 40, false],
    // 25 % → 50 × 4 / 2 = 100 per core: all of this machine
    [25, 100, false],
    // 30 % → 120 per core: more than this machine can do
    [30, 100, true],
  ])('turns %d %% of the source into %d %% here (saturated: %s)', (pct, expected, saturated) =>
    expect(translateBusy(pct, source, here)).toEqual({ pct: expected, saturated }),
  );
  it('turns what was done here back into the source busy %', () => expect(sourceBusy(40, source, here)).toBe(10));
});

describe('agreement', () => {
  it('computes the figures worked out by hand', () => {
    // errors 0 0 0 1: rmse √(1/4) = 0.5, mae 0.25, 3 of 4 within 10 %, peak 1;
    // r = 6.5 / √(5 × 8.75) = 0.98270
    const a = agreement([1, 2, 3, 4], [1, 2, 3, 5]);
    expect(a).toMatchObject({ samples: 4, rmse: 0.5, mae: 0.25, within10Pct: 75, peak: 1 });
    expect(a.r).toBeCloseTo(0.9827, 4);
  });
  it('has no correlation for a constant series', () => expect(agreement([0, 0], [0, 0]).r).toBeUndefined());
});

describe('the steps of a recording', () => {
  const sample = (xid: number, values: Record<string, string>): ReadSample => ({
    host: 'h',
    pid: '1',
    xid,
    values: new Map(Object.entries(values)),
    events: [],
  });
  it('take run.interval_s, else the time since the previous sample, and sum the disks', () => {
    expect(
      stepsOf([
        sample(100, { 'cpu.busy_pct': '5' }),
        sample(700, {
          'run.interval_s': '600.5',
          'cpu.busy_pct': '12',
          'mem.used_bytes': '1000',
          'disk.sda.write_bytes_per_s': '10',
          'disk.sdb.write_bytes_per_s': '5',
          'disk.sda.read_bytes_per_s': '1',
        }),
        sample(1300, { 'cpu.busy_pct': '20' }),
      ]),
    ).toEqual([
      { seconds: 600.5, cpuPct: 12, memBytes: 1000, readPerS: 1, writePerS: 15 },
      { seconds: 600, cpuPct: 20 },
    ]);
  });
});
