import { plausibleIncrease, steppedBack, type Pair } from './delta';
import { gaugeFields, rateFields, type Deriver } from './types';

const COUNTERS = ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped'] as const;

/** The smallest frame on a wire (Ethernet's 64 bytes): a link of a known speed carries at most speed / 512 packets a second. */
const MIN_FRAME_BITS = 64 * 8;

/**
 * The increases of a NIC's counters, or 'reset'. On a 64-bit kernel any counter that stepped back is a
 * reset. On a 32-bit kernel the driver's counters are 32-bit, and a step back from below 2^32 may be a
 * wrap: it is taken as one only when the result is possible (lib/derive/delta.ts plausibleIncrease) —
 * where the link's speed is known, no more bytes than it carries in the interval (and no more packets
 * than its smallest frames fill); a NIC whose counters were zeroed is a reset. Without a known speed
 * a 32-bit step back from below 2^32 is taken as a wrap. (A new ifindex is a
 * reset too: lib/derive/index.ts compares identities for every module.)
 */
function increases(pair: Pair): Map<string, bigint> | 'reset' {
  const speedMbps = pair.curr.info?.speed_mbps;
  const bitsMax = speedMbps !== undefined && speedMbps > 0 ? speedMbps * 1e6 * pair.elapsedS * 1.01 : undefined;
  const out = new Map<string, bigint>();
  for (const n of COUNTERS) {
    // the speed judges wraps only: it is the speed now, and the link may have been faster for part of the interval
    const max = bitsMax === undefined || !steppedBack(pair, n) ? undefined : n.endsWith('_bytes') ? bitsMax / 8 : bitsMax / MIN_FRAME_BITS;
    const d = plausibleIncrease(pair, n, pair.kernelBits, max);
    if (d === 'reset') return 'reset';
    if (d !== undefined) out.set(n, d);
  }
  return out;
}

export const deriveNet: Deriver = (curr, pair) => {
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const d = increases(pair);
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
