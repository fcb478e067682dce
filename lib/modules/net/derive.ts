import { groupIncreases, type CounterGroup, type Increases, type Judged } from '../../derive/plausible';
import type { Pair } from '../../derive/delta';
import { gaugeFields, rateFields, type Deriver } from '../../derive/types';

const COUNTERS = [
  'rx_bytes',
  'tx_bytes',
  'rx_packets',
  'tx_packets',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
] as const;
const DIRECTIONS = ['rx', 'tx'] as const;

/** Without a known link speed, the fastest Ethernet in service (400GBASE) bounds what a NIC can carry. */
const FASTEST_LINK_BITS_PER_S = 400e9;
/** Rounding of the kernel's counters against /proc/uptime: a link may seem 1 % faster than it is. */
const SPEED_SLACK = 1.01;
/** No packet of any link is smaller than an IPv4 header: the floor for increases that are not wraps. */
const SMALLEST_PACKET = 20;
/** A 16-bit IP length (65,535), or more where the MTU is larger (loopback's 65,536 plus its header). */
const LARGEST_PACKET = 65_535;
/** Ethernet header plus one VLAN tag, added to the MTU. */
const LINK_HEADER = 18;

/**
 * Bytes per packet on a link, by its ARPHRD type (/sys/class/net/<nic>/type): an Ethernet frame
 * (Wi-Fi shows as Ethernet) is at least 60 bytes without its FCS; CAN frames carry 0–64 data bytes
 * (CAN XL up to 2,048), counted without headers; tunnels, PPP and loopback carry IP packets (20 or more).
 * The largest a NIC counts is 64 KiB, which GRO and TSO reach on virtual NICs, or the MTU and its header
 * if larger; a frame on the wire (`wire`) is at most the MTU and its header. Counters that can wrap are
 * a 32-bit kernel's hardware drivers', which count frames on the wire.
 */
function packetBounds(info: Readonly<Record<string, number>> | undefined): { min: number; max: number; wire: number } {
  const type = info?.type;
  const mtu = info?.mtu;
  const max = Math.max(LARGEST_PACKET, (mtu ?? 0) + LINK_HEADER);
  const wire = mtu === undefined ? max : mtu + LINK_HEADER;
  if (type === 280) return { min: 0, max: 2048, wire: 2048 };
  return { min: type === undefined || type === 1 ? 60 : SMALLEST_PACKET, max, wire };
}

/**
 * A NIC's counters as one group (lib/derive/plausible.ts). On a 64-bit kernel a step back is a reset.
 * On a 32-bit kernel the driver's counters may be 32-bit: a wrap is taken only when the bytes, the
 * packets and their ratio are possible on that link (no more than its speed carries, or the fastest
 * link's without a speed file; bytes per packet within what its packets hold), and when one more wrap
 * would not be possible too (in frames the wire carries). Over an interval in which the link could have
 * wrapped its bytes or packets unseen, the plain increases must pass the same tests (at least 20 bytes
 * a packet). The speed judges wraps only: it is the speed now, and the link may have been faster for
 * part of the interval.
 */
function netGroup(pair: Pair): CounterGroup {
  const info = pair.curr.info;
  const speed = info?.speed_mbps;
  const bitsPerS = speed !== undefined && speed > 0 ? speed * 1e6 * SPEED_SLACK : FASTEST_LINK_BITS_PER_S;
  const bytesMax = (bitsPerS / 8) * pair.elapsedS;
  const packet = packetBounds(info);
  const packetsMax = bytesMax / Math.max(packet.min, 1);
  const possible = (d: Increases, judged: Judged): boolean =>
    COUNTERS.every((n) => (d.get(n) ?? 0) <= (n.endsWith('_bytes') ? bytesMax : packetsMax)) &&
    DIRECTIONS.every((dir) => {
      const bytes = d.get(`${dir}_bytes`);
      const packets = d.get(`${dir}_packets`);
      if (bytes === undefined || packets === undefined) return true;
      const largest = judged.another ? packet.wire : packet.max;
      if (packets === 0) return bytes <= largest;
      const wrapped = judged.wrapped.has(`${dir}_bytes`) || judged.wrapped.has(`${dir}_packets`);
      const per = bytes / packets;
      return per >= (wrapped ? packet.min : Math.min(packet.min, SMALLEST_PACKET)) && per <= largest;
    });
  return {
    names: COUNTERS,
    bits: () => pair.kernelBits,
    possible,
    unseen: pair.kernelBits === 32 && bytesMax >= 2 ** 32 ? ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'] : [],
  };
}

export const deriveNet: Deriver = (curr, pair) => {
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const d = groupIncreases(pair, netGroup(pair));
  if (d === 'reset') return { fields: gaugeFields(curr), reset: true };
  const rates = rateFields(pair, COUNTERS, (n) => d.get(n));
  const speedMbps = curr.info?.speed_mbps;
  const rx = rates.find(([k]) => k === 'rx_bytes_per_s')?.[1];
  const tx = rates.find(([k]) => k === 'tx_bytes_per_s')?.[1];
  if (speedMbps !== undefined && speedMbps > 0 && typeof rx === 'number' && typeof tx === 'number') {
    const bits = curr.info?.full_duplex === 0 ? (rx + tx) * 8 : Math.max(rx, tx) * 8;
    rates.push(['util_pct', (bits / (speedMbps * 1e6)) * 100]);
  }
  return { fields: [...rates, ...gaugeFields(curr)], reset: false };
};
