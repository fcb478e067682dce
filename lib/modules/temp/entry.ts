import { gauge, type SamplingEntry } from '../entry';

/** temp: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'temp',
  kind: 'sampling',
  raw: false,
  sources: ['/sys/class/thermal', '/sys/class/hwmon'],
  settings: {},
  docs: () => ({
    summary: 'temperatures',
    keys: [
      gauge(
        'temp.<sensor>_c',
        '°C',
        '/sys/class/thermal/thermal_zoneN/{type,temp} (temp.<type>_c; temp.acpitz_0_c when zones share a type); /sys/class/hwmon/hwmonN/{name,tempN_input,tempN_label} (temp.<chip>_<label or tempN>_c)',
      ),
    ],
    notes:
      'Sources give m°C. A sensor that cannot be read right now (EIO, EAGAIN, not a number) is left out. Neither directory: the module writes nothing.',
    rows: [['`temp.<sensor>_c`', 'thermal zones and hwmon sensors, °C']],
  }),
  load: async () => (await import('./read')).temp,
};
