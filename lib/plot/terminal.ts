import { timeLabel, yearsOf, zoneName } from './chart-time';
import type { Series } from './series';
import { niceTicks } from './units';

const MARKS = ['●', '+', 'x', 'o', '*', '#', '@', '%'];

/** Rows a terminal chart takes besides its plot: the time axis, its labels, and the blank line between charts. */
const FRAME_ROWS = 3;

/**
 * Charts for the terminal, one per unit, stacked with their value axes aligned: time runs across
 * `width` columns; each column shows the range of the samples that fall in it, lowest to highest, as a
 * bar (│) and their mean as the series' mark, as rrdtool's and sar's daily summaries do, so that a
 * peak is never averaged away; a column with no sample stays empty, so gaps show as gaps. Values are humanised on round ticks (binary
 * units for bytes), times are written along the axis in the local time zone, and everything fits in
 * `rows` lines (a 24-line terminal) unless `height` fixes the plot's height.
 */
export function renderTerminal(series: readonly Series[], width: number, height?: number, rows = 24): string {
  const units = [...new Set(series.map((s) => s.unit))];
  const times = series.flatMap((s) => s.points.filter(([, v]) => v !== null).map(([t]) => t));
  const t0 = times.reduce((a, b) => Math.min(a, b), Infinity);
  const t1 = times.reduce((a, b) => Math.max(a, b), -Infinity);
  const axes = units.map((unit) => {
    const values = series
      .filter((s) => s.unit === unit)
      .flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
    const lo = values.reduce((a, b) => Math.min(a, b), Infinity);
    const hi = values.reduce((a, b) => Math.max(a, b), -Infinity);
    return {
      unit,
      ticks: niceTicks(unit === '%' ? Math.min(0, lo) : lo, unit === '%' ? Math.max(100, hi) : hi, unit, 3),
    };
  });
  // one label width for every chart, so that stacked charts line up
  const labelWidth = Math.max(
    ...axes.flatMap(({ ticks }) => [ticks.label(ticks.min), ticks.label(ticks.max)].map((l) => l.length)),
  );
  const legendRows = series.length;
  const plotRows = height ?? Math.max(3, Math.floor((rows - legendRows - units.length * FRAME_ROWS) / units.length));
  const cols = Math.max(10, width - labelWidth - 2);
  return axes
    .map(({ unit, ticks }) =>
      chartOf(
        series.filter((s) => s.unit === unit),
        unit,
        ticks,
        { t0, t1, cols, plotRows, labelWidth },
        series,
      ),
    )
    .join('\n\n');
}

interface Frame {
  readonly t0: number;
  readonly t1: number;
  readonly cols: number;
  readonly plotRows: number;
  readonly labelWidth: number;
}

function chartOf(
  series: readonly Series[],
  unit: string,
  ticks: ReturnType<typeof niceTicks>,
  frame: Frame,
  all: readonly Series[],
): string {
  const { t0, t1, cols, plotRows: rows, labelWidth } = frame;
  const { min: lo, max: hi } = ticks;
  const grid = Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
  const rowOf = (v: number): number => (hi === lo ? (rows - 1) >> 1 : Math.round(((v - lo) / (hi - lo)) * (rows - 1)));
  // each column's lowest and highest value as a bar, its mean as the series' mark: a peak is never averaged away
  const columns = series.map((s) => ({
    mark: MARKS[all.indexOf(s) % MARKS.length] as string,
    cells: columnsOf(s, t0, t1, cols),
  }));
  for (const { cells } of columns) {
    cells.forEach((cell, c) => {
      if (cell === undefined) return;
      for (let r = rowOf(cell.min); r <= rowOf(cell.max); r++) {
        const row = grid[rows - 1 - r] as string[];
        if (row[c] === ' ') row[c] = '│';
      }
    });
  }
  for (const { mark, cells } of columns) {
    cells.forEach((cell, c) => {
      if (cell !== undefined) (grid[rows - 1 - rowOf(cell.sum / cell.count)] as string[])[c] = mark;
    });
  }
  // the round ticks that fall on a row of their own: top, bottom, and between where there is room
  const labels = new Map<number, string>();
  for (let v = lo; v <= hi + ticks.step / 2; v += ticks.step) {
    const r = rows - 1 - rowOf(v);
    if (![...labels.keys()].some((k) => Math.abs(k - r) < 2)) labels.set(r, ticks.label(v));
  }
  const lines = grid.map((row, r) => `${(labels.get(r) ?? '').padStart(labelWidth)} ┤${row.join('')}`);
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(cols)}`);
  lines.push(`${' '.repeat(labelWidth + 2)}${timeAxis(t0, t1, cols)}`);
  lines.push(
    ...series.map((s) => `${' '.repeat(labelWidth + 2)}${MARKS[all.indexOf(s) % MARKS.length]} ${s.name} (${unit})`),
  );
  return lines.join('\n');
}

/** The samples of a series that fall in each column: their lowest, highest, sum and count (undefined: none). */
function columnsOf(
  s: Series,
  t0: number,
  t1: number,
  cols: number,
): Array<{ min: number; max: number; sum: number; count: number } | undefined> {
  const cells = new Array<{ min: number; max: number; sum: number; count: number } | undefined>(cols).fill(undefined);
  for (const [t, v] of s.points) {
    if (v === null) continue;
    const col = t1 === t0 ? 0 : Math.min(cols - 1, Math.floor(((t - t0) / (t1 - t0)) * cols));
    const cell = cells[col];
    if (cell === undefined) cells[col] = { min: v, max: v, sum: v, count: 1 };
    else {
      cell.min = Math.min(cell.min, v);
      cell.max = Math.max(cell.max, v);
      cell.sum += v;
      cell.count++;
    }
  }
  return cells;
}

/** Time labels along the axis (dates, or hours within a day), as many as fit apart, and the zone and year at the end. */
function timeAxis(t0: number, t1: number, cols: number): string {
  const line = Array<string>(cols).fill(' ');
  const place = (col: number, text: string): boolean => {
    if (col + text.length > cols || line.slice(Math.max(0, col - 2), col + text.length + 2).some((c) => c !== ' '))
      return false;
    text.split('').forEach((c, i) => {
      line[col + i] = c;
    });
    return true;
  };
  const tail = `${zoneName(t0, t1)} ${yearsOf(t0, t1)}`;
  place(cols - tail.length, tail);
  const n = Math.max(2, Math.floor(cols / 16));
  for (let i = 0; i < n; i++) {
    const t = t0 + ((t1 - t0) * i) / n;
    place(Math.round((i / n) * cols), timeLabel(t, t1 - t0));
  }
  return line.join('').trimEnd();
}
