import { createRequire } from 'node:module';
import { UsageError } from '../errors';
import type { Series } from './series';
import { shortNumber } from './units';

/** The line colours, in series order (ECharts 6's palette, fixed here so a chart looks the same everywhere). */
export const SERIES_COLORS = ['#5070dd', '#b6d634', '#505372', '#ff994d', '#0ca8df', '#ffd10a', '#fb628b', '#785db0'];

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The chart as SVG, drawn by Apache ECharts' server-side SVG renderer (no browser, no canvas): a time
 * axis in the local time zone, one line per series, one value axis per unit (two at most), the unit
 * as the axis name. Null points break the lines.
 */
export async function renderSvg(series: readonly Series[], title: string, size: ChartSize): Promise<string> {
  const units = [...new Set(series.map((s) => s.unit))];
  if (units.length > 2) throw new UsageError(`the keys have ${units.length} units (${units.join(', ')}); plot at most two units at a time`);
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: SERIES_COLORS,
      title: { text: title, left: 80, top: 8, textStyle: { fontSize: 14 } },
      legend: { top: 8, right: 20, type: 'scroll' },
      grid: { top: 60, left: 80, right: units.length > 1 ? 80 : 30, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: units.map((unit, i) => ({
        type: 'value', name: unit, position: i === 0 ? 'left' : 'right', scale: unit !== '%',
        axisLabel: { formatter: (v: number) => shortNumber(v, unit) },
      })),
      series: series.map((s) => ({
        type: 'line', name: s.name, yAxisIndex: units.indexOf(s.unit), showSymbol: false, connectNulls: false,
        lineStyle: { width: 1.5 }, data: s.points.map(([t, v]) => [t, v]),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The SVG rasterized by resvg (a native module with prebuilt binaries), with the system's fonts. */
export async function svgToPng(svg: string): Promise<Buffer> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    // a native module beside the program, never bundled
    ({ Resvg } = createRequire(__filename)('@resvg/resvg-js') as typeof import('@resvg/resvg-js'));
  } catch (err) {
    throw new UsageError(`PNG needs the @resvg/resvg-js module, which is not installed here (${(err as Error).message.split('\n')[0]}); write an .svg instead`);
  }
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
}
