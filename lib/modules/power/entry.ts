import { gauge, rate, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  ipmi: { rule: { kind: 'boolean' }, doc: 'also ask the BMC (ipmitool)', default: false },
} as const satisfies EntrySettings;

/** What power is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** power: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'power',
  kind: 'sampling',
  sources: [
    '/sys/class/powercap',
    '/sys/class/hwmon/*/power*',
    '/sys/class/power_supply',
    'ipmitool dcmi power reading',
  ],
  settings,
  docs: () => ({
    summary: 'electrical power from every source the machine has',
    keys: [
      rate(
        'power.<source>.power_w',
        'W',
        'RAPL: Δenergy_uj / 10^6 / elapsed s (one wrap at max_energy_range_uj added back); hwmon: powerN_input, else powerN_average (µW); battery: power_now, else current_now × voltage_now; ipmi: watts',
      ),
      gauge('power.<source>.capacity_pct', '%', 'battery: capacity'),
      gauge('power.<source>.discharging', '0/1', 'battery: 1 when status is Discharging'),
      gauge('power.<source>.online', '0/1', 'mains or USB supply: online'),
    ],
    notes:
      "Subjects: rapl_<domain> (rapl_package-0, rapl_package-0_core), hwmon sensors <chip>_<label or powerN>, supplies (BAT0, AC), ipmi. RAPL's energy_uj is readable by root only (since Linux 5.10); others get no rapl subjects. None of these sources: the module writes nothing.",
    rows: [
      [
        '`power.<source>.power_w`',
        'watts: RAPL domains (`rapl_package-0`, `rapl_package-0_core`; root only), hwmon power sensors, batteries, the BMC (`ipmi`, with `modules.power.ipmi: true`)',
      ],
      [
        '`power.<battery>.capacity_pct`, `discharging`, `power.<supply>.online`',
        'batteries and mains/USB supplies (`/sys/class/power_supply`)',
      ],
    ],
  }),
  load: async () => (await import('./read')).power,
};
