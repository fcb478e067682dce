import { gauge, str, timeout, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  ping: { rule: { kind: 'list', of: str }, doc: 'hosts to ping', example: '[192.168.1.1]' },
  tcp: {
    rule: { kind: 'list', of: { kind: 'hostport' } },
    doc: 'host:port to connect to',
    example: '["db.example.org:5432"]',
  },
  timeout,
} as const satisfies EntrySettings;

/** What net_check is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** net_check: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'net_check',
  kind: 'sampling',
  raw: false,
  optIn: 'give it targets: modules.net_check: {ping: [host], tcp: ["host:port"]}',
  sources: ['ping(8)', 'TCP connect'],
  settings,

  docs: () => ({
    summary: 'can this machine reach what it needs?',
    keys: [
      gauge(
        'net_check.ping_<host>.loss_pct',
        '%',
        'ping: `ping -n -q -c 3 -i 0.2 -W timeout -w timeout+1 -- <host>`, packet loss',
      ),
      gauge('net_check.ping_<host>.rtt_ms', 'ms', 'ping: average round trip of the replies (none: no key)'),
      gauge('net_check.ping_<host>.rtt_max_ms', 'ms', 'ping: slowest reply'),
      gauge('net_check.ping_<host>.ok', '0/1', '1 when at least one ping came back'),
      gauge('net_check.tcp_<host>_<port>.connect_ms', 'ms', 'time to a completed TCP handshake'),
      gauge('net_check.tcp_<host>_<port>.ok', '0/1', '1 when the connection was made in time'),
    ],
    notes:
      "All checks run at once, each bounded by `timeout` seconds. A ping that cannot run (no ping command, a name that does not resolve) is that subject's error.",
    rows: [
      [
        '`net_check.ping_<host>.loss_pct`, `rtt_ms`, `rtt_max_ms`, `ok`; `net_check.tcp_<host>_<port>.connect_ms`, `ok`',
        'reachability of the targets in `modules.net_check` (opt-in), each check bounded by `timeout`',
      ],
    ],
  }),
  load: async () => (await import('./read')).netCheck,
};
