import { SourceMissing } from '../../core/errors';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Reading } from '../../core/reading';
import { counterDeriver } from '../../derive/counters';

/** cpufreq: see ./entry.ts for its keys, settings and sources. */
export const cpufreq: Module = {
  read: async (src) => {
    const cpus = ((await src.maybeList('sys/devices/system/cpu')) ?? []).filter((n) => /^cpu\d+$/.test(n));
    const readings = (await Promise.all(cpus.map((dir) => readCpu(src, dir)))).filter(
      (r): r is Reading => r !== undefined,
    );
    if (readings.length === 0)
      throw new SourceMissing('/sys/devices/system/cpu/cpu0/cpufreq', 'no CPU has cpufreq or thermal_throttle here');
    return readings;
  },
  derive: counterDeriver({
    shares: [['throttle_ms', 'throttled_pct', 1000]],
    counts: [['throttles', 'throttles_new']],
  }),
};

async function khz(src: Sources, rel: string): Promise<number | undefined> {
  const text = await src.attribute(rel);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) * 1000 : undefined;
}

async function counter(src: Sources, rel: string): Promise<bigint | undefined> {
  const text = await src.attribute(rel);
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

async function readCpu(src: Sources, dir: string): Promise<Reading | undefined> {
  const base = `sys/devices/system/cpu/${dir}`;
  // one listing of the CPU's directory says which of its two parts this machine has (a cloud VM has
  // neither): no open of the six files of a part that is not there, on every CPU, at every run
  const parts = new Set((await src.maybeList(base)) ?? []);
  const freq = parts.has('cpufreq');
  const throttle = parts.has('thermal_throttle');
  if (!freq && !throttle) return undefined;
  const none = Promise.resolve(undefined);
  const [cur, curInfo, min, max, throttleMs, throttles] = await Promise.all([
    freq ? khz(src, `${base}/cpufreq/scaling_cur_freq`) : none,
    freq ? khz(src, `${base}/cpufreq/cpuinfo_cur_freq`) : none,
    freq ? khz(src, `${base}/cpufreq/scaling_min_freq`) : none,
    freq ? khz(src, `${base}/cpufreq/scaling_max_freq`) : none,
    throttle ? counter(src, `${base}/thermal_throttle/core_throttle_total_time_ms`) : none,
    throttle ? counter(src, `${base}/thermal_throttle/core_throttle_count`) : none,
  ]);
  const gauges: Record<string, number> = {};
  const hz = cur ?? curInfo;
  if (hz !== undefined) gauges.cur_hz = hz;
  if (min !== undefined) gauges.min_hz = min;
  if (max !== undefined) gauges.max_hz = max;
  const counters: Record<string, bigint> = {};
  if (throttleMs !== undefined) counters.throttle_ms = throttleMs;
  if (throttles !== undefined) counters.throttles = throttles;
  if (Object.keys(gauges).length === 0 && Object.keys(counters).length === 0) return undefined;
  return { subject: dir.slice(3), gauges, counters };
}
