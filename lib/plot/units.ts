import { formatNumber } from '../format/value';
import { localIso } from '../read/time';

/** The unit of a key, from its last word (README, "What the lines mean"), as an axis shows it. */
const UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/_bytes_per_s$/, 'bytes/s'],
  [/_per_s$/, '/s'],
  [/_pct$/, '%'],
  [/_bytes$/, 'bytes'],
  [/_ms$/, 'ms'],
  [/_s$/, 'seconds'],
  [/_c$/, '°C'],
  [/_hz$/, 'Hz'],
  [/_w$/, 'W'],
  [/_new$/, 'count'],
];

export function unitOf(key: string): string {
  // a multi-rate summary's key ends in _min, _avg or _max after its unit
  const base = key.replace(/_(min|avg|max)$/, '');
  return UNITS.find(([re]) => re.test(base))?.[1] ?? 'value';
}

const isBinary = (unit: string): boolean => unit === 'bytes' || unit === 'bytes/s';

/** The size steps of a unit: binary for bytes (KiB, MiB, …), decimal for the rest (k, M, …). */
function scaleOf(unit: string): { base: number; names: readonly string[] } {
  return isBinary(unit)
    ? { base: 1024, names: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] }
    : { base: 1000, names: ['', 'k', 'M', 'G', 'T', 'P'] };
}

/** The power of the unit's base that suits a magnitude: 1.5 GiB is counted in GiB. */
function exponentFor(magnitude: number, base: number, most: number): number {
  let e = 0;
  while (Math.abs(magnitude) >= base ** (e + 1) && e < most) e++;
  return e;
}

/**
 * A value as a person reads it: 956.5 MiB, 1.5 GiB/s for bytes (binary units), 12.5k or 3.2M for other
 * large numbers, at most four significant digits.
 */
export function shortNumber(value: number, unit: string): string {
  const { base, names } = scaleOf(unit);
  const e = exponentFor(value, base, names.length - 1);
  const v = Number((value / base ** e).toPrecision(4));
  const name = names[e] as string;
  const suffix = unit === 'bytes/s' ? '/s' : '';
  return isBinary(unit) ? `${v} ${name}${suffix}` : `${v}${name}`;
}

/**
 * Round ticks for an axis from lo to hi: the step is 1, 2, 2.5 or 5 × 10^n of the unit's size the
 * values are counted in (for bytes, of KiB, MiB or GiB: 0.5 GiB steps, never 1.863 GiB), about
 * `count` of them. The axis is widened to whole steps.
 */
export function niceTicks(
  lo: number,
  hi: number,
  unit: string,
  count = 5,
): { min: number; max: number; step: number; label: (v: number) => string } {
  if (!(hi > lo)) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) / 10 : 1;
    return niceTicks(lo - pad, hi + pad, unit, count);
  }
  const { base, names } = scaleOf(unit);
  const e = exponentFor(Math.max(Math.abs(lo), Math.abs(hi)), base, names.length - 1);
  const size = base ** e;
  const raw = (hi - lo) / size / count;
  const decade = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * decade >= raw) ?? 10) * decade * size;
  // every tick in the one size the axis counts in (0.8 GiB, 1 GiB, …: not 819.2 MiB beside 1 GiB)
  const suffix = isBinary(unit) ? ` ${names[e] as string}${unit === 'bytes/s' ? '/s' : ''}` : (names[e] as string);
  const label = (v: number): string => `${Number((v / size).toPrecision(6))}${suffix}`;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step, step, label };
}

/**
 * A value as a person reads it: a time (`host.boot_time`) as a date, a span in seconds (`uptime_s`)
 * in days and hours, bytes in binary units, other large numbers with k, M, G; small ones as on the lines.
 */
export function humanValue(key: string, v: number): string {
  if (key.endsWith('_time') && v > 1e9) return localIso(v);
  const unit = unitOf(key);
  // seconds, not a rate a second (rx_bytes_per_s)
  if (unit === 'seconds' && v >= 86_400) return `${Math.floor(v / 86_400)} d ${Math.floor((v % 86_400) / 3600)} h`;
  if (unit === 'seconds' && v >= 3600) return `${Math.floor(v / 3600)} h ${Math.floor((v % 3600) / 60)} min`;
  if (unit === 'bytes' || unit === 'bytes/s' || Math.abs(v) >= 10_000) return shortNumber(v, unit);
  return formatNumber(v) ?? '';
}
