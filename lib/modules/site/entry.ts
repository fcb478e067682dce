import { text, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  path: {
    rule: { kind: 'path' },
    doc: 'the `key = value` file, read under --root like /proc',
    default: '/etc/flightlog/site.conf',
  },
} as const satisfies EntrySettings;

/** What site is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** site: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'site',
  kind: 'sampling',
  raw: false,
  sources: [settings.path.default],
  settings,

  docs: () => ({
    summary: 'static tags that say where this machine is and what it is for',
    keys: [text('site.<tag>', 'the value, written with every sample so each one can be filtered by it')],
    notes: 'Lines such as `rack = b12` or `role = "build server"`. No file: the module writes nothing.',
    rows: [
      [
        '`site.<tag>`',
        "static tags from `/etc/flightlog/site.conf` (`rack = b12` lines; under `--root`, the root's), with every sample",
      ],
    ],
  }),
  load: async () => (await import('./read')).site,
};
