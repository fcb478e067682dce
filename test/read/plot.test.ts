import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '../../lib/core/sample';
import { SERIES_COLORS } from '../../lib/plot/chart';
import { buildSeries } from '../../lib/plot/series';
import { renderTerminal } from '../../lib/plot/terminal';
import { readSamples } from '../../lib/read/samples';
import { flightlog } from '../e2e/cli';
import { tempDir } from '../helpers';
import { logLines, MONTH_START } from './month';

/*
 * Seventy ten-minute slots: cpu.busy_pct is 100 in slots 0–29, cron stops for slots 30–39 (the sample
 * of slot 40 says run.missed=10), and it is 100 again in slots 40–69. The time axis spans slot 0 to
 * slot 69, so the gap covers 30/69 = 43 % to 40/69 = 58 % of the plot's width.
 */
const slots = Array.from({ length: 70 }, (_, i) => i).filter((i) => i < 30 || i >= 40);
function gapLog(dir: string): string {
  const path = join(dir, 'gap.log');
  writeFileSync(
    path,
    `${slots
      .flatMap((slot) => {
        const fields: Field[] = [
          ['run.v', 1],
          ['run.first', slot === 0 ? 1 : 0],
          ['run.missed', slot === 40 ? 10 : 0],
          ['run.duration_ms', 40 + (slot % 3)],
          ['cpu.busy_pct', 100],
          ['mem.used_bytes', 1e9 + slot],
        ];
        return logLines('pi7', MONTH_START + slot * 600, fields);
      })
      .join('\n')}\n`,
  );
  return path;
}

let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  const tmp = tempDir('flp');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
});
afterAll(() => cleanup());

/** A pixel of the first series' line (blue, #0072B2, or its anti-aliased edge over white): gridlines and text are grey, marks red or grey. */
const isLine = (png: PNG, x: number, y: number): boolean => {
  const i = (png.width * y + x) * 4;
  const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  return b - r > 50 && b - g > 30;
};

describe('flightlog plot', () => {
  it('draws a PNG whose line is where the data says, and nowhere in the gap', async () => {
    const log = gapLog(dir);
    const out = join(dir, 'gap.png');
    const ran = await flightlog([
      'plot',
      'cpu.busy_pct',
      '--log',
      log,
      '-o',
      out,
      '--width',
      '1000',
      '--height',
      '500',
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([1000, 500]);
    // the plot area of lib/plot/chart.ts: 80 px on the left, 30 on the right, 64 at the top (no subtitle)
    const left = 80;
    const width = 1000 - 80 - 30;
    const columnAt = (fraction: number): number => Math.round(left + fraction * width);
    const blueRows = (x: number): number[] =>
      Array.from({ length: 500 - 55 - 40 }, (_, i) => 55 + i).filter((y) => isLine(png, x, y));
    // 100 % is the top of the value axis (0–100): the line runs along y = 64 in both segments
    for (const fraction of [0.1, 0.25, 0.75, 0.9]) {
      const rows = blueRows(columnAt(fraction));
      expect(rows.length, `line at ${fraction}`).toBeGreaterThan(0);
      expect(Math.min(...rows)).toBeLessThanOrEqual(66);
    }
    for (const fraction of [0.46, 0.5, 0.55]) expect(blueRows(columnAt(fraction)), `gap at ${fraction}`).toEqual([]);
  });

  it('writes an SVG that parses, with the line broken in two at the gap', async () => {
    const log = gapLog(dir);
    const out = join(dir, 'gap.svg');
    expect((await flightlog(['plot', 'cpu.busy_pct', '--log', log, '-o', out])).status).toBe(0);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      readFileSync(out, 'utf8'),
    ) as { svg: Record<string, unknown> };
    expect(doc.svg.width).toBe('1000');
    const paths: Array<{ d?: string; stroke?: string }> = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'path')
            for (const p of Array.isArray(v) ? v : [v]) paths.push(p as { d?: string; stroke?: string });
          walk(v);
        }
      }
    };
    walk(doc);
    // the series' line, not its legend icon (which is placed with a transform)
    const series = paths.filter((p) => p.stroke === SERIES_COLORS[0] && p.d && !('transform' in p));
    expect(series.length).toBeGreaterThan(0);
    expect(series.map((p) => p.d!.match(/M/g)?.length ?? 0).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('draws in the terminal, with empty columns over the gap', async () => {
    const samples = await readSamples([gapLog(dir)]);
    const chart = renderTerminal(buildSeries(samples, ['cpu.busy_pct']), 80, 5);
    // 100 % is the top of the axis, 0–100: the top row
    const middle = chart.split('\n')[0]!;
    const plotted = middle.slice(middle.indexOf('┤') + 1);
    const cols = plotted.length;
    expect(plotted.slice(0, Math.floor(cols * 0.4)).replace(/ /g, '').length).toBeGreaterThan(10);
    expect(plotted.slice(Math.ceil(cols * 0.45), Math.floor(cols * 0.56)).trim()).toBe('');
    expect(chart).toContain('● cpu.busy_pct (%)');
  });

  it("in the terminal, shows a month's daily cycle as its range in each column: the peak and the low are not averaged away", () => {
    // 31 days of ten-minute samples swinging 5 % (midnight) to 50 % (noon): each of 65 columns holds about
    // 11.4 hours, so its mean lies between 16 and 39 %, while its bar reaches the peak or the low it holds
    const start = Date.UTC(2026, 9, 1);
    const points: Array<readonly [number, number]> = [];
    for (let i = 0; i < 31 * 144; i++)
      points.push([start + i * 600_000, 27.5 - 22.5 * Math.cos((2 * Math.PI * (i % 144)) / 144)]);
    const chart = renderTerminal([{ name: 'cpu.busy_pct', key: 'cpu.busy_pct', unit: '%', points }], 70, 21);
    const rows = chart
      .split('\n')
      .slice(0, 21)
      .map((r) => r.slice(r.indexOf('┤') + 1));
    // 0–100 % on 21 rows: 5 rows a 25 %; 50 % is row 10 from the top, 5 % row 19
    // about half the columns hold a noon, about half a midnight: with means alone both rows would be empty
    expect(rows[10]!.replace(/ /g, '').length).toBeGreaterThan(30);
    expect(rows[19]!.replace(/ /g, '').length).toBeGreaterThan(30);
    expect(rows.slice(0, 10).join('').trim()).toBe('');
  });

  it('refuses three units in one chart, a missing key and a file type it cannot write', async () => {
    const log = gapLog(dir);
    expect(
      (await flightlog(['plot', 'cpu.busy_pct', 'run.missed', '--log', log, '-o', join(dir, 'x.png')])).status,
    ).toBe(0);
    const three = await flightlog([
      'plot',
      'cpu.busy_pct',
      'run.missed',
      'run.duration_ms',
      'mem.used_bytes',
      '--log',
      log,
      '-o',
      join(dir, 'x.png'),
    ]);
    expect(three.status).toBe(2);
    expect(three.stderr).toMatch(/the keys have 3 units \(value, ms, bytes\); plot at most two units at a time/);
    expect((await flightlog(['plot', 'nothing.here_pct', '--log', log])).stderr).toMatch(
      /no key matches "nothing\.here_pct"; keys present include: /,
    );
    expect((await flightlog(['plot', 'cpu.busy_pct', '--log', log, '-o', join(dir, 'x.jpg')])).stderr).toMatch(
      /must end in \.png or \.svg/,
    );
  });
});
