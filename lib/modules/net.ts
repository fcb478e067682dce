import { subjectName } from '../format/subject';
import { parseNetDev } from '../sources/net-dev';
import type { Module, Reading } from './types';

/** Interfaces left out unless the config says otherwise: the loopback. */
export const DEFAULT_NET_EXCLUDE = /^lo$/;

/**
 * net: traffic per network interface. Subject: the interface name (net.eth0.rx_bytes_per_s).
 * key                unit     kind   source
 * rx_bytes_per_s     bytes/s  rate   /proc/net/dev receive "bytes"
 * tx_bytes_per_s     bytes/s  rate   transmit "bytes"
 * rx_packets_per_s   1/s      rate   receive "packets"
 * tx_packets_per_s   1/s      rate   transmit "packets"
 * rx_errors_per_s    1/s      rate   receive "errs"
 * tx_errors_per_s    1/s      rate   transmit "errs"
 * rx_dropped_per_s   1/s      rate   receive "drop"
 * tx_dropped_per_s   1/s      rate   transmit "drop"
 * util_pct           %        rate   max(rx, tx bits/s) / speed × 100 on a full-duplex link, (rx + tx) /
 *                                    speed × 100 on a half-duplex one; only when /sys/class/net/<if>/speed
 *                                    is a positive number of Mb/s
 * up                 0/1      gauge  /sys/class/net/<if>/operstate: 1 for "up", 0 for "down", else absent
 * reset              1        mark   counters stepped back, or the interface was registered anew
 *                                    (/sys/class/net/<if>/ifindex changed): rates left out this run
 * new                1        mark   an interface the previous sample did not have: rates left out
 * On a 32-bit kernel a driver's counters can be 32-bit: a counter that steps back from below 2^32 on the
 * same ifindex is a wrap, and counts as (value + 2^32 − previous), but only when that is possible: where
 * the link's speed is known, no more bytes than it carries in the interval and no more packets than
 * its smallest (64-byte) frames fill. Counters zeroed by a driver are a reset. util_pct is clamped to 100.
 */
export const net: Module = {
  name: 'net',
  sources: ['/proc/net/dev', '/sys/class/net/<if>/{operstate,speed,duplex,ifindex}'],
  read: async (src, settings) => {
    const exclude = settings.exclude ?? DEFAULT_NET_EXCLUDE;
    const nics = parseNetDev(await src.text('proc/net/dev')).filter((nic) => !exclude.test(nic.name));
    return Promise.all(nics.map(async (nic): Promise<Reading> => {
      const dir = `sys/class/net/${nic.name}`;
      const [operstate, speed, duplex, ifindex] = await Promise.all(
        ['operstate', 'speed', 'duplex', 'ifindex'].map((attr) => src.attribute(`${dir}/${attr}`)),
      );
      const gauges: Record<string, number> = {};
      if (operstate === 'up') gauges.up = 1;
      else if (operstate === 'down') gauges.up = 0;
      const info: Record<string, number> = {};
      const mbps = Number(speed);
      if (speed !== undefined && Number.isInteger(mbps) && mbps > 0) {
        info.speed_mbps = mbps;
        info.full_duplex = duplex === 'half' ? 0 : 1;
      }
      return {
        subject: subjectName(nic.name),
        name: nic.name,
        gauges,
        counters: {
          rx_bytes: nic.rxBytes, tx_bytes: nic.txBytes, rx_packets: nic.rxPackets, tx_packets: nic.txPackets,
          rx_errors: nic.rxErrors, tx_errors: nic.txErrors, rx_dropped: nic.rxDropped, tx_dropped: nic.txDropped,
        },
        ...(ifindex === undefined ? {} : { identity: ifindex }),
        info,
      };
    }));
  },
};
