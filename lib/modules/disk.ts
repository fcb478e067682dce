import { ParseError } from '../core/errors';
import { subjectName } from '../format/subject';
import { DISK_FIELD, parseDiskstats } from '../sources/diskstats';
import type { Module, Reading } from './types';

/** Block devices left out by default: stacked or virtual devices that count the same I/O again. */
export const DEFAULT_DISK_EXCLUDE = /^(loop|ram|zram|sr|fd|dm-|md)/;

/**
 * disk: I/O per whole disk: the entries of /sys/block, so partitions never count twice. Subject: the
 * device name (disk.sda.reads_per_s). Source: /proc/diskstats (iostats.rst); sectors are 512 bytes.
 * key                 unit     kind  formula (Δ = increase since the previous sample)
 * reads_per_s         1/s      rate  Δreads completed / elapsed
 * writes_per_s        1/s      rate  Δwrites completed / elapsed
 * read_bytes_per_s    bytes/s  rate  Δsectors read × 512 / elapsed
 * write_bytes_per_s   bytes/s  rate  Δsectors written × 512 / elapsed
 * await_ms            ms       rate  (Δms reading + Δms writing) / (Δreads + Δwrites); absent with no I/O
 * util_pct            %        rate  Δms doing I/O / elapsed ms × 100
 * queue               ratio    rate  Δweighted ms doing I/O / elapsed ms (sysstat's aqu-sz)
 * reset, new          1        mark  counters restarted (below) / a disk the previous sample did not have
 * long_interval       1        mark  the interval passed 2^32 ms (49.7 days): await_ms, util_pct and queue left out
 * The kernel prints the four ms fields as 32-bit numbers on every kernel (and the counts on 32-bit
 * kernels). A step back is a wrap at 2^32 only when the result is possible: Δms doing I/O cannot
 * pass the elapsed ms (util_pct is clamped to 100 for the few ms the counters run ahead of
 * /proc/uptime). A disk unplugged and plugged again under its name, whose counters restarted, is a
 * reset; so is one whose /sys/block/<dev>/diskseq (Linux 5.15+) changed. Over 2^32 ms the ms fields
 * may have wrapped unseen: only the counts are written. sysfs writes a `/` of a device name as `!`:
 * /sys/block/cciss!c0d0 is cciss/c0d0 in /proc/diskstats, the subject cciss_c0d0.
 */
export const disk: Module = {
  name: 'disk',
  sources: ['/proc/diskstats', '/sys/block'],
  read: async (src, settings) => {
    const exclude = settings.exclude ?? DEFAULT_DISK_EXCLUDE;
    const [stats, disks] = await Promise.all([src.text('proc/diskstats'), src.list('sys/block')]);
    // sysfs writes a `/` of a device name as `!` (cciss!c0d0 is cciss/c0d0 in /proc/diskstats)
    const dirOf = new Map(disks.map((dir) => [dir.replace(/!/g, '/'), dir]));
    const wanted = new Set([...dirOf.keys()].filter((name) => !exclude.test(name)));
    const readings: Reading[] = [];
    for (const { name, line, fields } of parseDiskstats(stats)) {
      if (!wanted.has(name)) continue;
      if (fields.length < 11) throw new ParseError('/proc/diskstats', line, 'a whole disk needs 11 or more counters');
      const f = (n: number): bigint => fields[n - 1] as bigint;
      const diskseq = await src.attribute(`sys/block/${dirOf.get(name) ?? name}/diskseq`);
      readings.push({
        subject: subjectName(name),
        name,
        gauges: {},
        counters: {
          reads: f(DISK_FIELD.reads), writes: f(DISK_FIELD.writes),
          read_sectors: f(DISK_FIELD.readSectors), write_sectors: f(DISK_FIELD.writeSectors),
          read_ms: f(DISK_FIELD.readMs), write_ms: f(DISK_FIELD.writeMs),
          io_ms: f(DISK_FIELD.ioMs), weighted_io_ms: f(DISK_FIELD.weightedMs),
        },
        ...(diskseq === undefined ? {} : { identity: diskseq }),
      });
    }
    return readings;
  },
};
