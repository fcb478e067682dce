import { gauge, type EventEntry } from '../entry';

/** pi: what it reads and writes, as data; its code, ./collect.ts, is loaded when it runs. */
export const entry: EventEntry = {
  name: 'pi',
  kind: 'event',
  sources: [
    '/proc/device-tree/model',
    '/sys/devices/platform/soc/soc:firmware/get_throttled',
    'vcgencmd get_throttled',
    '/sys/class/hwmon (rpi_volt)',
  ],
  settings: {},
  docs: () => ({
    summary: 'Raspberry Pi power health',
    keys: [
      gauge('pi.under_voltage', '0/1', 'firmware throttled word bit 0: the supply is below 4.63 V now'),
      gauge('pi.freq_capped', '0/1', 'bit 1: the ARM clock is capped now'),
      gauge('pi.throttled', '0/1', 'bit 2: the ARM is throttled now'),
      gauge('pi.soft_temp_limit', '0/1', 'bit 3: the soft temperature limit is active now'),
      gauge('pi.<flag>_since_boot', '0/1', 'bits 16–19: it happened at some time since boot'),
      gauge('pi.undervoltage_alarm', '0/1', 'hwmon `rpi_volt` in0_lcrit_alarm'),
      gauge('pi.soc_c', '°C', 'thermal_zone0 (cpu-thermal), else `vcgencmd measure_temp`'),
      gauge('pi.arm_hz', 'Hz', 'cpufreq of cpu0 (scaling_cur_freq kHz × 1000), else `vcgencmd measure_clock arm`'),
    ],
    notes:
      'On boards whose /proc/device-tree/model starts with "Raspberry Pi"; the throttled word from sysfs when the kernel has it, else `vcgencmd get_throttled`. When the word differs from the last run\'s in this boot, one event: `event=pi_power flags=0x50005 was=0x0 under_voltage=1 freq_capped=0 throttled=1 soft_temp_limit=0`.',
    rows: [
      [
        '`pi.under_voltage`, `freq_capped`, `throttled`, `soft_temp_limit` (and `_since_boot`), `undervoltage_alarm`, `soc_c`, `arm_hz`',
        "Raspberry Pi power health from the firmware's throttled flags (sysfs or `vcgencmd`); a change is an event `event=pi_power`",
      ],
    ],
  }),
  load: async () => (await import('./collect')).pi,
};
