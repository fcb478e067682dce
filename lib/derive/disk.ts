import { increase, plausibleIncrease, steppedBack, timeBound, type Pair } from './delta';
import { gaugeFields, type Deriver } from './types';
import type { Field } from '../core/sample';

const COUNTS = ['reads', 'writes', 'read_sectors', 'write_sectors'] as const;
const MILLISECONDS = ['read_ms', 'write_ms', 'io_ms', 'weighted_io_ms'] as const;
const SECTOR_BYTES = 512;

/** The diskstats ms fields are 32-bit on every kernel: over an interval this long they may have wrapped unseen. */
const MS_WRAP = 2 ** 32;

/**
 * A disk is reset when its counts stepped back: any of them on a 64-bit kernel; on a 32-bit kernel,
 * where the counts are 32-bit too, only when one stepped back and none went up (a removed and re-added
 * disk starts every count again; a wrap moves one). The ms fields are 32-bit on every kernel, and a
 * step back there is a wrap only when it is possible (lib/derive/delta.ts plausibleIncrease): io_ms is
 * the wall time the disk was busy, so it cannot grow by more than the time that passed; a disk
 * plugged in again under its name, whose ms fields restarted, is a reset. Over an interval of 2^32 ms
 * or more the ms fields cannot be known at all: `msKnown` is false and only the counts are used.
 */
function deltas(pair: Pair): { d: Map<string, bigint>; msKnown: boolean } | 'reset' {
  const back = COUNTS.filter((n) => steppedBack(pair, n));
  if (back.length > 0 && (pair.kernelBits === 64 || !COUNTS.some((n) => (increase(pair, n) ?? 0n) > 0n))) return 'reset';
  const d = new Map<string, bigint>();
  for (const n of COUNTS) {
    const inc = plausibleIncrease(pair, n, pair.kernelBits);
    if (inc === undefined || inc === 'reset') return 'reset';
    d.set(n, inc);
  }
  const elapsedMs = pair.elapsedS * 1000;
  if (elapsedMs >= MS_WRAP) return { d, msKnown: false };
  for (const n of MILLISECONDS) {
    const inc = plausibleIncrease(pair, n, 32, n === 'io_ms' ? timeBound(elapsedMs) : undefined);
    if (inc === undefined || inc === 'reset') return 'reset';
    d.set(n, inc);
  }
  return { d, msKnown: true };
}

export const deriveDisk: Deriver = (curr, pair) => {
  if (pair === undefined) return { fields: gaugeFields(curr), reset: false };
  const got = deltas(pair);
  if (got === 'reset' || pair.elapsedS <= 0) return { fields: gaugeFields(curr), reset: got === 'reset' };
  const { d, msKnown } = got;
  const n = (name: string): number => Number(d.get(name) ?? 0n);
  const elapsedMs = pair.elapsedS * 1000;
  const ios = n('reads') + n('writes');
  const fields: Field[] = [
    ['reads_per_s', n('reads') / pair.elapsedS],
    ['writes_per_s', n('writes') / pair.elapsedS],
    ['read_bytes_per_s', (n('read_sectors') * SECTOR_BYTES) / pair.elapsedS],
    ['write_bytes_per_s', (n('write_sectors') * SECTOR_BYTES) / pair.elapsedS],
  ];
  if (!msKnown) return { fields: [...fields, ['long_interval', 1], ...gaugeFields(curr)], reset: false };
  if (ios > 0) fields.push(['await_ms', (n('read_ms') + n('write_ms')) / ios]);
  fields.push(['util_pct', (n('io_ms') / elapsedMs) * 100], ['queue', n('weighted_io_ms') / elapsedMs]);
  return { fields: [...fields, ...gaugeFields(curr)], reset: false };
};
