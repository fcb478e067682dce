import { gauge, type SamplingEntry } from '../entry';

/** host: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'host',
  kind: 'sampling',
  raw: false,
  sources: ['/proc/uptime', '/proc/stat'],
  settings: {},
  docs: () => ({
    summary: "the machine's clock facts",
    keys: [
      gauge('host.uptime_s', 's', '/proc/uptime, first field'),
      gauge('host.boot_time', 'epoch s', '/proc/stat `btime`'),
    ],
    notes: '',
    rows: [['`host.uptime_s`, `host.boot_time`', 'seconds since boot; boot time in epoch seconds']],
  }),
  load: async () => (await import('./read')).host,
};
