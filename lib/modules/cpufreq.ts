import { SourceMissing } from '../core/errors';
import type { Sources } from '../sources/read';
import type { Module, Reading } from './types';

/**
 * cpufreq: clock and thermal throttling per CPU. Subject: the CPU number (cpufreq.0.cur_hz).
 * key             unit  kind   source (under /sys/devices/system/cpu/cpuN/)
 * cur_hz          Hz    gauge  cpufreq/scaling_cur_freq (kHz × 1000; cpuinfo_cur_freq when absent)
 * min_hz, max_hz  Hz    gauge  cpufreq/scaling_min_freq, scaling_max_freq: the limits the governor keeps to
 * throttled_pct   %     rate   Δ thermal_throttle/core_throttle_total_time_ms / elapsed ms × 100 (x86,
 *                              kernel 5.18+): the share of the interval the core ran throttled by heat
 * throttles_new   count delta  Δ thermal_throttle/core_throttle_count: times it was throttled since the last run
 * A CPU that is offline has no cpufreq directory and writes nothing. No cpufreq and no thermal_throttle
 * anywhere (a VM, a kernel without CONFIG_CPU_FREQ): the module writes nothing.
 */
export const cpufreq: Module = {
  name: 'cpufreq',
  sources: ['/sys/devices/system/cpu/cpuN/cpufreq', '/sys/devices/system/cpu/cpuN/thermal_throttle'],
  read: async (src) => {
    const cpus = ((await src.maybeList('sys/devices/system/cpu')) ?? []).filter((n) => /^cpu\d+$/.test(n));
    const readings = (await Promise.all(cpus.map((dir) => readCpu(src, dir)))).filter((r): r is Reading => r !== undefined);
    if (readings.length === 0) throw new SourceMissing('/sys/devices/system/cpu/cpu0/cpufreq', 'no CPU has cpufreq or thermal_throttle here');
    return readings;
  },
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
  const [cur, curInfo, min, max, throttleMs, throttles] = await Promise.all([
    khz(src, `${base}/cpufreq/scaling_cur_freq`), khz(src, `${base}/cpufreq/cpuinfo_cur_freq`),
    khz(src, `${base}/cpufreq/scaling_min_freq`), khz(src, `${base}/cpufreq/scaling_max_freq`),
    counter(src, `${base}/thermal_throttle/core_throttle_total_time_ms`), counter(src, `${base}/thermal_throttle/core_throttle_count`),
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
