import { gauge, rate, regex, type SamplingEntry, type Settings as EntrySettings, type SettingsOf } from '../entry';

const settings = {
  exclude: { rule: regex, doc: 'interfaces to leave out', default: /^lo$/ },
} as const satisfies EntrySettings;

/** What net is given: its settings from the config, each with its default where it has one. */
export type Settings = SettingsOf<typeof settings>;

/** net: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'net',
  kind: 'sampling',
  sources: ['/proc/net/dev', '/sys/class/net/<if>/{operstate,speed,duplex,ifindex,type,mtu}'],
  settings,
  docs: () => ({
    summary: 'traffic per network interface',
    keys: [
      rate('net.<if>.rx_bytes_per_s', 'bytes/s', '/proc/net/dev receive "bytes"'),
      rate('net.<if>.tx_bytes_per_s', 'bytes/s', 'transmit "bytes"'),
      rate('net.<if>.rx_packets_per_s', '1/s', 'receive "packets"'),
      rate('net.<if>.tx_packets_per_s', '1/s', 'transmit "packets"'),
      rate('net.<if>.rx_errors_per_s', '1/s', 'receive "errs"'),
      rate('net.<if>.tx_errors_per_s', '1/s', 'transmit "errs"'),
      rate('net.<if>.rx_dropped_per_s', '1/s', 'receive "drop"'),
      rate('net.<if>.tx_dropped_per_s', '1/s', 'transmit "drop"'),
      rate(
        'net.<if>.util_pct',
        '%',
        'max(rx, tx bits/s) / speed × 100 on a full-duplex link, (rx + tx) / speed × 100 on a half-duplex one; only when /sys/class/net/<if>/speed is a positive number of Mb/s',
      ),
      gauge('net.<if>.up', '0/1', '/sys/class/net/<if>/operstate: 1 for "up", 0 for "down", else absent'),
    ],
    notes:
      "On a 32-bit kernel a driver's counters can be 32-bit. A counter that steps back from below 2^32 on the same ifindex is taken as one wrap (value + 2^32 − previous) only when the result is possible: no more bytes than the link carries in the interval (its speed, or 400 Gb/s when unknown), bytes per packet within what a packet of that link type holds (60 to 65,535 on Ethernet and Wi-Fi; 20 and up on tunnels and loopback; the MTU where larger), and only when one more wrap would not be possible too in frames the wire carries (the MTU and its header). Over an interval long enough for the bytes or packets to wrap unseen, the plain increases must pass the same tests (at least 20 bytes a packet). Anything else (counters zeroed by a driver, an interface registered anew under a new ifindex, an interval that fits several wraps) is a reset: the rates are left out and `net.<if>.reset=1` is written. An interface that is down and has never carried a byte or a packet (ifb0, a spare port) is left out until it does.",
    rows: [
      [
        '`net.<if>.rx_bytes_per_s`, `tx_bytes_per_s`, `rx_packets_per_s`, `tx_packets_per_s`, `rx_errors_per_s`, `tx_errors_per_s`, `rx_dropped_per_s`, `tx_dropped_per_s`',
        'traffic per interface (all but `lo`)',
      ],
      [
        '`net.<if>.util_pct`',
        'busier direction / link speed (both directions on a half-duplex link), when the speed is known',
      ],
      ['`net.<if>.up`', '1 when the link is up, 0 when down'],
    ],
  }),
  load: async () => (await import('./read')).net,
};
