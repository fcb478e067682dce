/** The unit of a key, from its last word (DESIGN §3), as an axis shows it. */
const UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/_bytes_per_s$/, 'bytes/s'], [/_per_s$/, 'per second'], [/_pct$/, '%'], [/_bytes$/, 'bytes'], [/_ms$/, 'ms'],
  [/_s$/, 'seconds'], [/_c$/, '°C'], [/_hz$/, 'Hz'], [/_w$/, 'W'], [/_new$/, 'count'],
];

export function unitOf(key: string): string {
  // a multi-rate summary's key ends in _min, _avg or _max after its unit
  const base = key.replace(/_(min|avg|max)$/, '');
  return UNITS.find(([re]) => re.test(base))?.[1] ?? 'value';
}

/** An axis label short enough to fit: 956.5 MiB for bytes, 12.5k or 3.2M for other large numbers (4 digits). */
export function shortNumber(value: number, unit: string): string {
  const binary = unit === 'bytes' || unit === 'bytes/s';
  const steps = binary ? ['', ' KiB', ' MiB', ' GiB', ' TiB', ' PiB'] : ['', 'k', 'M', 'G', 'T', 'P'];
  const base = binary ? 1024 : 1000;
  let v = value;
  let i = 0;
  while (Math.abs(v) >= base && i < steps.length - 1) {
    v /= base;
    i++;
  }
  return `${Number(v.toPrecision(4))}${steps[i]}`;
}
