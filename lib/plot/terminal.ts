import { formatNumber } from '../format/value';
import { localIso } from '../read/time';
import type { Series } from './series';

const MARKS = ['●', '+', 'x', 'o', '*', '#', '@', '%'];

/**
 * A chart for the terminal: time runs across `width` columns, each column the average of the samples
 * that fall in it, one mark per series; a column with no sample stays empty, so gaps show as gaps.
 * One chart per unit.
 */
export function renderTerminal(series: readonly Series[], width: number, height = 15): string {
  const units = [...new Set(series.map((s) => s.unit))];
  return units.map((unit) => chartOf(series.filter((s) => s.unit === unit), unit, width, height)).join('\n\n');
}

function chartOf(series: readonly Series[], unit: string, width: number, height: number): string {
  const times = series.flatMap((s) => s.points.filter(([, v]) => v !== null).map(([t]) => t));
  const values = series.flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
  // reduce, not Math.min(...xs): a month of samples would pass the call stack's limit as arguments
  const t0 = times.reduce((a, b) => Math.min(a, b), Infinity);
  const t1 = times.reduce((a, b) => Math.max(a, b), -Infinity);
  const lo = values.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const labels = [hi, (hi + lo) / 2, lo].map((v) => formatNumber(v) ?? '');
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cols = Math.max(10, width - labelWidth - 3);
  const grid = Array.from({ length: height }, () => Array<string>(cols).fill(' '));
  series.forEach((s, i) => {
    const sums = new Array<number>(cols).fill(0);
    const counts = new Array<number>(cols).fill(0);
    for (const [t, v] of s.points) {
      if (v === null) continue;
      const col = t1 === t0 ? 0 : Math.min(cols - 1, Math.floor(((t - t0) / (t1 - t0)) * cols));
      sums[col] = (sums[col] as number) + v;
      counts[col] = (counts[col] as number) + 1;
    }
    for (let c = 0; c < cols; c++) {
      if (counts[c] === 0) continue;
      const v = (sums[c] as number) / (counts[c] as number);
      const row = hi === lo ? (height - 1) >> 1 : Math.round(((v - lo) / (hi - lo)) * (height - 1));
      (grid[height - 1 - row] as string[])[c] = MARKS[i % MARKS.length] as string;
    }
  });
  const axis = (r: number): string => (r === 0 ? labels[0] : r === height - 1 ? labels[2] : r === (height - 1) >> 1 ? labels[1] : '') ?? '';
  const lines = grid.map((row, r) => `${axis(r).padStart(labelWidth)} ┤${row.join('')}`);
  const start = localIso(Math.floor(t0 / 1000));
  const end = localIso(Math.floor(t1 / 1000));
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(cols)}`);
  lines.push(`${' '.repeat(labelWidth + 2)}${start}${end.padStart(Math.max(0, cols - start.length))}`);
  lines.push(...series.map((s, i) => `${' '.repeat(labelWidth + 2)}${MARKS[i % MARKS.length]} ${s.name} (${unit})`));
  return lines.join('\n');
}
