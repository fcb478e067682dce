import { ParseError } from '../core/errors';

/**
 * /proc/diskstats (Documentation/admin-guide/iostats.rst): "major minor name" and then 11 fields
 * (before 4.18), 15 (discards, 4.18), 17 (flushes, 5.5), or more on newer kernels; partitions on 2.6
 * kernels had only 4. Kept as the raw field list, numbered from 1 as the kernel documents them.
 */
/**
 * Block devices that count again the I/O of others (device mapper, md RAID) or are no disk (loop, RAM
 * disks, zram, optical and floppy drives): left out of a machine's disks by default.
 */
export const STACKED_DEVICES = /^(loop|ram|zram|sr|fd|dm-|md)/;

export interface DiskStatsLine {
  readonly name: string;
  readonly line: string;
  readonly fields: readonly bigint[];
}

export function parseDiskstats(text: string): DiskStatsLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [major, minor, name, ...cols] = line.trim().split(/\s+/);
      if (
        !/^\d+$/.test(major ?? '') ||
        !/^\d+$/.test(minor ?? '') ||
        name === undefined ||
        (cols.length !== 4 && cols.length < 11) ||
        !cols.every((c) => /^\d+$/.test(c))
      ) {
        throw new ParseError('/proc/diskstats', line, 'expected "major minor name" and 4, 11 or more counters');
      }
      return { name, line, fields: cols.map(BigInt) };
    });
}

/** 1-based field numbers of iostats.rst. */
export const DISK_FIELD = {
  reads: 1,
  readSectors: 3,
  readMs: 4,
  writes: 5,
  writeSectors: 7,
  writeMs: 8,
  inFlight: 9,
  ioMs: 10,
  weightedMs: 11,
} as const;
