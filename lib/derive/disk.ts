import { increase, increase32, steppedBack, type Pair } from './delta';
import { gaugeFields, type Deriver } from './types';
import type { Field } from '../format/line';

const COUNTS = ['reads', 'writes', 'read_sectors', 'write_sectors'] as const;
const MILLISECONDS = ['read_ms', 'write_ms', 'io_ms', 'weighted_io_ms'] as const;
const SECTOR_BYTES = 512;

/**
 * A disk is reset when its counts stepped back: any of them on a 64-bit kernel; on a 32-bit kernel,
 * where the counts are 32-bit too, only when one stepped back and none went up (a removed and re-added
 * disk starts every count again; a wrap moves one). The ms fields are 32-bit on every kernel: once the
 * counts are trusted, a step back there is a wrap.
 */
function deltas(pair: Pair): Map<string, bigint> | 'reset' {
  const back = COUNTS.filter((n) => steppedBack(pair, n));
  if (back.length > 0 && (pair.kernelBits === 64 || !COUNTS.some((n) => (increase(pair, n) ?? 0n) > 0n))) return 'reset';
  const out = new Map<string, bigint>();
  for (const n of COUNTS) {
    const d = pair.kernelBits === 32 ? increase32(pair, n) : increase(pair, n);
    if (d === undefined) return 'reset';
    out.set(n, d);
  }
  for (const n of MILLISECONDS) {
    const d = increase32(pair, n);
    if (d === undefined) return 'reset';
    out.set(n, d);
  }
  return out;
}

export const deriveDisk: Deriver = (curr, pair) => {
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const d = deltas(pair);
  if (d === 'reset' || pair.elapsedS <= 0) return { fields: gaugeFields(curr), reset: d === 'reset' };
  const n = (name: string): number => Number(d.get(name) ?? 0n);
  const elapsedMs = pair.elapsedS * 1000;
  const ios = n('reads') + n('writes');
  const fields: Field[] = [
    ['reads_per_s', n('reads') / pair.elapsedS],
    ['writes_per_s', n('writes') / pair.elapsedS],
    ['read_bytes_per_s', (n('read_sectors') * SECTOR_BYTES) / pair.elapsedS],
    ['write_bytes_per_s', (n('write_sectors') * SECTOR_BYTES) / pair.elapsedS],
  ];
  if (ios > 0) fields.push(['await_ms', (n('read_ms') + n('write_ms')) / ios]);
  fields.push(['util_pct', (n('io_ms') / elapsedMs) * 100], ['queue', n('weighted_io_ms') / elapsedMs]);
  return { fields: [...fields, ...gaugeFields(curr)], reset: false };
};
