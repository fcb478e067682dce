import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { UsageError } from '../core/errors';
import type { Mark, Series } from './series';
import { timeLabel, yearsOf, zoneName } from './chart-time';
import { niceTicks, shortNumber } from './units';

/**
 * The line colours, in series order: the Okabe–Ito palette, told apart also by readers with a colour
 * vision deficiency (and printed in grey), fixed here so a chart looks the same everywhere.
 */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** What a chart says about itself: whose it is, and its reboots and missed runs. */
export interface ChartContext {
  readonly hosts: readonly string[];
  readonly marks: readonly Mark[];
}

/**
 * The chart as SVG, drawn by Apache ECharts' server-side SVG renderer (no browser, no canvas): the host
 * in the title, the legend below the plot (it never meets the title), a time axis in the local time zone
 * with dates, one value axis per unit (two at most) with round ticks (binary for bytes, `/s` for
 * rates), one line per series, gaps where the samples do not follow each other, and a labelled
 * vertical line at each reboot and missed run. A key that holds one value throughout (cpu.count)
 * gets no axis of its own beside others: it is said under the title instead.
 */
export async function renderSvg(
  all: readonly Series[],
  title: string,
  size: ChartSize,
  context: ChartContext = { hosts: [], marks: [] },
): Promise<string> {
  const varying = all.filter((s) => !isConstant(s));
  const series = varying.length > 0 && new Set(all.map((s) => s.unit)).size > 1 ? varying : all;
  const constants = all.filter((s) => !series.includes(s));
  const units = [...new Set(series.map((s) => s.unit))];
  if (units.length > 2)
    throw new UsageError(`the keys have ${units.length} units (${units.join(', ')}); plot at most two units at a time`);
  const times = series.flatMap((s) => s.points.map(([t]) => t));
  const t0 = times.reduce((a, b) => Math.min(a, b), Infinity);
  const t1 = times.reduce((a, b) => Math.max(a, b), -Infinity);
  const legendRows = Math.ceil(series.length / Math.max(1, Math.floor(size.width / 220)));
  const subtitle = constants
    .map((s) => `${s.name} = ${shortNumber(s.points.find(([, v]) => v !== null)?.[1] ?? 0, s.unit)} throughout`)
    .join('; ');
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: SERIES_COLORS,
      title: {
        text: fitText(
          `${context.hosts.length > 0 ? `${context.hosts.join(', ')}: ` : ''}${title}`,
          size.width - 110,
          8.5,
        ),
        subtext: fitText(subtitle, size.width - 110, 6.5),
        left: 80,
        top: 6,
        textStyle: { fontSize: 14 },
      },
      legend: { bottom: 6, left: 80, right: 30, type: 'plain', itemGap: 16 },
      grid: { top: subtitle ? 80 : 64, left: 80, right: units.length > 1 ? 90 : 30, bottom: 50 + 22 * legendRows },
      xAxis: {
        type: 'time',
        min: t0,
        max: t1,
        name: `${zoneName(t0, t1)}, ${yearsOf(t0, t1)}`,
        nameLocation: 'end',
        nameGap: 8,
        nameTextStyle: { align: 'right', verticalAlign: 'top', padding: [28, 0, 0, 0] },
        axisLabel: { hideOverlap: true, formatter: (v: number) => timeLabel(v, t1 - t0) },
      },
      yAxis: units.map((unit, i) => {
        const values = series
          .filter((s) => s.unit === unit)
          .flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
        const lo = unit === '%' ? 0 : values.reduce((a, b) => Math.min(a, b), Infinity);
        const hi = unit === '%' ? 100 : values.reduce((a, b) => Math.max(a, b), -Infinity);
        const ticks = niceTicks(lo, hi, unit);
        return {
          type: 'value',
          name: unit,
          position: i === 0 ? 'left' : 'right',
          min: ticks.min,
          max: ticks.max,
          interval: ticks.step,
          axisLabel: { formatter: ticks.label },
          splitLine: { show: i === 0 },
        };
      }),
      series: series.map((s, i) => ({
        type: 'line',
        name: s.name,
        yAxisIndex: units.indexOf(s.unit),
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        data: s.points.map(([t, v]) => [t, v]),
        ...(i === 0 && context.marks.length > 0
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                data: context.marks.map((m) => ({
                  xAxis: m.timeMs,
                  label: {
                    formatter: m.label,
                    position: 'end',
                    fontSize: 10,
                    color: m.kind === 'reboot' ? '#b00000' : '#555555',
                  },
                  lineStyle: {
                    color: m.kind === 'reboot' ? '#b00000' : '#888888',
                    type: m.kind === 'reboot' ? 'solid' : 'dashed',
                    width: 1,
                  },
                })),
              },
            }
          : {}),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Text cut to the pixels it may take (at about `px` pixels a character), ending in … when cut: a title never runs off the chart. */
const fitText = (text: string, width: number, px: number): string => {
  const most = Math.max(10, Math.floor(width / px));
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
};

const isConstant = (s: Series): boolean => {
  const values = s.points.flatMap(([, v]) => (v === null ? [] : [v]));
  return values.length > 0 && values.every((v) => v === values[0]);
};

/** The SVG rasterized by resvg (a native module with prebuilt binaries), with the system's fonts. */
export async function svgToPng(svg: string): Promise<Buffer> {
  try {
    // a native module beside the program, never bundled
    const { Resvg } = createRequire(__filename)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
    return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' })
      .render()
      .asPng();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  // Debian's librsvg (what the package recommends), where the npm module is not there
  const converted = spawnSync('rsvg-convert', ['--format', 'png', '--background-color', 'white'], {
    input: svg,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (converted.error === undefined && converted.status === 0) return converted.stdout;
  const why =
    converted.error !== undefined
      ? 'rsvg-convert is not installed'
      : `rsvg-convert failed: ${converted.stderr.toString().trim().split('\n')[0]}`;
  throw new UsageError(
    `a PNG needs rsvg-convert or the @resvg/resvg-js module, and ${why}; fix: apt install librsvg2-bin (or npm install -g @resvg/resvg-js), or write an .svg`,
  );
}
