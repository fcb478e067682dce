import { timeBound, type Pair } from '../../derive/delta';
import { groupIncreases, type CounterGroup, type Increases, type Judged } from '../../derive/plausible';
import { gaugeFields, type Deriver } from '../../derive/types';
import type { Field } from '../../core/sample';

const COUNTS = ['reads', 'writes', 'read_sectors', 'write_sectors'] as const;
const MILLISECONDS = ['read_ms', 'write_ms', 'io_ms', 'weighted_io_ms'] as const;
const SECTOR_BYTES = 512;

/** The diskstats ms fields are 32-bit on every kernel: over an interval this long they may have wrapped unseen. */
const MS_WRAP = 2 ** 32;
/** Requests in flight at once when /sys/block/<dev>/queue/nr_requests is unknown: far above any device's tag space. */
const UNKNOWN_DEPTH = 65_536;
/**
 * The fewest requests in flight a device is granted whatever its nr_requests says: a bio-based device
 * (md, dm, when a config takes them in) holds more than its nr_requests. Still far below the 7,000 a
 * wrapped weighted_io_ms would need in ten minutes, so such a wrap stays a reset.
 */
const DEPTH_FLOOR = 4096;
/**
 * Whether one more wrap fits is judged by the requests the device really holds: its nr_requests (and
 * hardware queues), or where unknown the usual 256. The generous bounds above would let two wraps of
 * weighted_io_ms fit any long interval, and every wrap of it would be a reset.
 */
const USUAL_DEPTH = 256;
/** io_ms counts in jiffies (up to 10 ms each): room for the requests of a busy tick that io_ms rounded away. */
const IO_TICK_SLACK_MS = 1000;
/** What the fastest buses move: PCIe 5.0 x16 (about 63 GB/s) and the fastest NVMe devices' I/Os per second, rounded up. */
const BUS_BYTES_PER_S = 64e9;
const BUS_IOS_PER_S = 10e6;
/** The largest request a block device takes (max_hw_sectors_kb stays below 64 MiB). */
const LARGEST_REQUEST_SECTORS = 2 ** 17;
/** The kernel's default largest request where /sys/block/<dev>/queue/max_sectors_kb is unknown (BLK_DEF_MAX_SECTORS, 1280 KiB). */
const DEFAULT_REQUEST_SECTORS = 2560;

/**
 * A disk's counters as one group (lib/derive/plausible.ts). The counts are as wide as the kernel's
 * long; the four ms fields are 32-bit on every kernel. Always: io_ms (the wall time the disk was busy)
 * cannot pass the elapsed time, and the time requests spent (read_ms, write_ms, weighted_io_ms) cannot
 * pass that busy time times the requests the device holds at once (nr_requests per hardware queue).
 * When a wrap is taken, or on a 32-bit kernel where the counts could wrap unseen, also: each read and
 * write moves at least one sector and at most the largest request; no more I/Os and bytes than the
 * fastest bus moves; no request time without a completed request (the kernel adds both at completion).
 * One more wrap is judged with the device's own largest request (queue/max_sectors_kb). A disk plugged
 * in again under its name, whose counters restarted, fails these and is a reset.
 */
function diskGroup(pair: Pair, msKnown: boolean): CounterGroup {
  const elapsedMs = pair.elapsedS * 1000;
  const known = pair.curr.info?.queue_depth;
  const generous = Math.max(DEPTH_FLOOR, known ?? UNKNOWN_DEPTH);
  const usual = known ?? USUAL_DEPTH;
  const request = pair.curr.info?.max_request_sectors ?? DEFAULT_REQUEST_SECTORS;
  const unseen = pair.kernelBits === 32 && BUS_IOS_PER_S * pair.elapsedS >= 2 ** 32;
  const possible = (d: Increases, judged: Judged): boolean => {
    const n = (name: string): number => d.get(name) ?? 0;
    if (msKnown) {
      const busy = n('io_ms');
      if (busy > timeBound(elapsedMs)) return false;
      const held = Math.min(busy + IO_TICK_SLACK_MS, timeBound(elapsedMs)) * (judged.another ? usual : generous);
      if (['read_ms', 'write_ms', 'weighted_io_ms'].some((f) => n(f) > held)) return false;
    }
    if (judged.wrapped.size === 0 && !unseen) return true;
    const ios = n('reads') + n('writes');
    const sectors = n('read_sectors') + n('write_sectors');
    if (ios > BUS_IOS_PER_S * pair.elapsedS || sectors * SECTOR_BYTES > BUS_BYTES_PER_S * pair.elapsedS) return false;
    for (const [count, moved, ms] of [
      ['reads', 'read_sectors', 'read_ms'],
      ['writes', 'write_sectors', 'write_ms'],
    ] as const) {
      if (n(moved) < n(count) || n(moved) > n(count) * (judged.another ? request : LARGEST_REQUEST_SECTORS))
        return false;
      if (msKnown && n(count) === 0 && n(ms) > 0) return false;
    }
    return true;
  };
  const ms = new Set<string>(MILLISECONDS);
  return {
    names: msKnown ? [...COUNTS, ...MILLISECONDS] : COUNTS,
    bits: (name) => (ms.has(name) ? 32 : pair.kernelBits),
    possible,
    always: true,
    unseen: unseen ? (msKnown ? [...COUNTS, ...MILLISECONDS] : COUNTS) : [],
  };
}

export const deriveDisk: Deriver = (curr, pair) => {
  if (pair === undefined || pair.elapsedS <= 0) return { fields: gaugeFields(curr), reset: false };
  const elapsedMs = pair.elapsedS * 1000;
  // over an interval of 2^32 ms or more the ms fields cannot be known at all: only the counts are used
  const msKnown = elapsedMs < MS_WRAP;
  const d = groupIncreases(pair, diskGroup(pair, msKnown));
  if (d === 'reset') return { fields: gaugeFields(curr), reset: true };
  const n = (name: string): number => Number(d.get(name) ?? 0n);
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
