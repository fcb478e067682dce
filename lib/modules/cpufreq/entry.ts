import { count, gauge, rate, type SamplingEntry } from '../entry';

/** cpufreq: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'cpufreq',
  kind: 'sampling',
  sources: ['/sys/devices/system/cpu/cpuN/cpufreq', '/sys/devices/system/cpu/cpuN/thermal_throttle'],
  settings: {},
  docs: () => ({
    summary: 'clock and thermal throttling per CPU',
    keys: [
      gauge('cpufreq.<N>.cur_hz', 'Hz', 'cpufreq/scaling_cur_freq (kHz × 1000; cpuinfo_cur_freq when absent)'),
      gauge('cpufreq.<N>.min_hz', 'Hz', 'cpufreq/scaling_min_freq'),
      gauge('cpufreq.<N>.max_hz', 'Hz', 'cpufreq/scaling_max_freq'),
      rate(
        'cpufreq.<N>.throttled_pct',
        '%',
        'Δ thermal_throttle/core_throttle_total_time_ms / elapsed ms × 100 (x86, kernel 5.18+)',
      ),
      count('cpufreq.<N>.throttles_new', 'Δ thermal_throttle/core_throttle_count'),
    ],
    notes:
      'A CPU that is offline has no cpufreq directory and writes nothing. No cpufreq and no thermal_throttle anywhere (a VM, a kernel without CONFIG_CPU_FREQ): the module writes nothing.',
    rows: [
      [
        '`cpufreq.<N>.cur_hz`, `min_hz`, `max_hz`, `throttled_pct`, `throttles_new`',
        'clock of CPU N and its limits; share of the interval it ran throttled by heat and times it was (x86)',
      ],
    ],
  }),
  load: async () => (await import('./read')).cpufreq,
};
