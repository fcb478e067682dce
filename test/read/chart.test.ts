import { describe, expect, it } from 'vitest';
import { renderSvg, SERIES_COLORS } from '../../lib/plot/chart';
import { timeLabel, yearsOf, zoneName } from '../../lib/plot/chart-time';
import { buildMarks, type Series } from '../../lib/plot/series';
import { niceTicks, shortNumber, unitOf } from '../../lib/plot/units';
import type { ReadSample } from '../../lib/read/samples';

describe('axes a person reads', () => {
  it('ticks in bytes are round in binary units, and rates say /s', () => {
    // 1.0e9 to 1.8e9 B: counted in GiB (2^30); (0.745 GiB / 5) = 0.149 → a step of 0.2 GiB, from 0.8 to 1.8 GiB
    const t = niceTicks(1e9, 1.8e9, 'bytes');
    expect(t.step).toBeCloseTo(0.2 * 2 ** 30, 3);
    expect([t.label(t.min), t.label(t.min + t.step), t.label(t.max)]).toEqual(['0.8 GiB', '1 GiB', '1.8 GiB']);
    expect(niceTicks(0, 3 * 2 ** 20, 'bytes/s').label(1.5 * 2 ** 20)).toBe('1.5 MiB/s');
    expect(shortNumber(1.5 * 2 ** 30, 'bytes')).toBe('1.5 GiB');
    expect(shortNumber(12_500, '/s')).toBe('12.5k');
    expect(unitOf('cpu.ctxt_per_s')).toBe('/s');
    expect(unitOf('net.eth0.rx_bytes_per_s')).toBe('bytes/s');
  });

  it('time labels say the day over days, the hour within them, and the axis the years', () => {
    const ms = Date.UTC(2026, 9, 24, 13, 40);
    process.env.TZ = 'UTC';
    expect(timeLabel(ms, 30 * 86_400_000)).toBe('24 Oct');
    expect(timeLabel(ms, 86_400_000)).toBe('13:40');
    expect(timeLabel(Date.UTC(2026, 9, 25), 86_400_000)).toBe('25 Oct');
    expect(yearsOf(Date.UTC(2025, 11, 30), Date.UTC(2026, 0, 2))).toBe('2025–2026');
  });

  it('names both offsets of a span across a change of summer time', () => {
    process.env.TZ = 'Europe/Berlin';
    // summer time ends on 25 October 2026 at 03:00 (+02:00 to +01:00)
    expect(zoneName(Date.UTC(2026, 9, 20), Date.UTC(2026, 10, 5))).toBe('Europe/Berlin (UTC+02:00, then +01:00)');
    expect(zoneName(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 30))).toBe('Europe/Berlin (UTC+01:00)');
    process.env.TZ = 'UTC';
    expect(zoneName(Date.UTC(2026, 9, 20), Date.UTC(2026, 10, 5))).toBe('UTC');
  });

  it('time labels follow the span: seconds for a few minutes, months over a year', () => {
    process.env.TZ = 'UTC';
    // a record of three minutes: ticks 20 s apart must not all read 14:29
    expect([0, 20, 40].map((s) => timeLabel(Date.UTC(2026, 9, 24, 14, 29, s), 180_000))).toEqual([
      '14:29:00',
      '14:29:20',
      '14:29:40',
    ]);
    expect(timeLabel(Date.UTC(2026, 9, 24, 14, 29, 20), 3_600_000)).toBe('14:29');
    expect(timeLabel(Date.UTC(2026, 4, 1), 2 * 365 * 86_400_000)).toBe('May');
    expect(timeLabel(Date.UTC(2027, 0, 1), 2 * 365 * 86_400_000)).toBe('Jan 2027');
  });

  it('marks a reboot with the reason the boot before it ended, and missed runs', () => {
    const sample = (
      xid: number,
      values: Record<string, string>,
      events: Array<Record<string, string>> = [],
    ): ReadSample => ({
      host: 'pi7',
      pid: '1',
      xid,
      values: new Map(Object.entries(values)),
      events: events.map((e) => new Map(Object.entries(e))),
    });
    expect(
      buildMarks([
        sample(100, { 'run.missed': '0' }),
        sample(700, { 'run.missed': '3' }),
        sample(1300, { 'run.boot': 'new' }, [{ event: 'boot', reason: 'under_voltage' }]),
      ]),
    ).toEqual([
      { timeMs: 700_000, kind: 'missed', label: '3 missed' },
      { timeMs: 1_300_000, kind: 'reboot', label: 'reboot (under_voltage)' },
    ]);
  });
});

describe('the SVG chart', () => {
  const line = (key: string, unit: string, values: number[]): Series => ({
    name: key,
    key,
    unit,
    points: values.map((v, i) => [i * 600_000, v] as const),
  });

  it('names the host, keeps a constant out of the axes, marks the reboot, and uses colours told apart by every reader', async () => {
    const svg = await renderSvg(
      [
        line('cpu.busy_pct', '%', [10, 50, 30]),
        line('cpu.count', 'value', [2, 2, 2]),
        line('mem.used_bytes', 'bytes', [1e9, 1.2e9, 1.1e9]),
      ],
      'cpu.busy_pct, cpu.count, mem.used_bytes',
      { width: 800, height: 400 },
      { hosts: ['pi7'], marks: [{ timeMs: 600_000, kind: 'reboot', label: 'reboot (power loss)' }] },
    );
    expect(svg).toContain('pi7: cpu.busy_pct, cpu.count, mem.used_bytes');
    expect(svg).toContain('cpu.count = 2 throughout');
    expect(svg).toContain('reboot (power loss)');
    // two value axes (% and bytes): the constant count got none
    expect(svg).toContain('>bytes<');
    expect(svg).not.toContain('>value<');
    // the Okabe–Ito palette: blue and orange first, never the lime of ECharts' default
    expect(SERIES_COLORS.slice(0, 2)).toEqual(['#0072B2', '#E69F00']);
    expect(svg).toContain('stroke="#0072B2"');
  });
});
