import { increase, increase32, steppedBack, type Pair } from './delta';
import { gaugeFields, rateFields, type Deriver } from './types';

const COUNTERS = ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped'] as const;

/**
 * A NIC is reset when it was registered anew (its ifindex changed) or, on a 64-bit kernel, when any
 * counter stepped back. On a 32-bit kernel a step back from below 2^32 is the driver's 32-bit counter
 * wrapping (see lib/modules/net.ts); from above it, a reset.
 */
function isReset(pair: Pair): boolean {
  if (pair.prev.identity !== undefined && pair.curr.identity !== undefined && pair.prev.identity !== pair.curr.identity) return true;
  return COUNTERS.some((n) => (pair.kernelBits === 32 ? steppedBack(pair, n) && increase32(pair, n) === undefined : steppedBack(pair, n)));
}

export const deriveNet: Deriver = (curr, pair) => {
  if (pair === undefined || isReset(pair)) return { fields: gaugeFields(curr), reset: pair !== undefined };
  const delta = (n: string): bigint | undefined => (pair.kernelBits === 32 ? increase32(pair, n) : increase(pair, n));
  const rates = rateFields(pair, COUNTERS, delta);
  const speedMbps = curr.info?.speed_mbps;
  const rx = rates.find(([k]) => k === 'rx_bytes_per_s')?.[1];
  const tx = rates.find(([k]) => k === 'tx_bytes_per_s')?.[1];
  if (speedMbps !== undefined && speedMbps > 0 && typeof rx === 'number' && typeof tx === 'number') {
    const bits = curr.info?.full_duplex === 0 ? (rx + tx) * 8 : Math.max(rx, tx) * 8;
    rates.push(['util_pct', (bits / (speedMbps * 1e6)) * 100]);
  }
  return { fields: [...rates, ...gaugeFields(curr)], reset: false };
};
