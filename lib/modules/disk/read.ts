import { ParseError } from '../../core/errors';
import { subjectName } from '../../format/subject';
import { DISK_FIELD, parseDiskstats } from '../../sources/diskstats';
import type { Module } from '../types';
import type { Settings } from './entry';
import type { Reading } from '../../core/reading';
import { deriveDisk } from './derive';

/** disk: see ./entry.ts for its keys, settings and sources. */
export const disk: Module<Settings> = {
  read: async (src, settings) => {
    const exclude = settings.exclude;
    const [stats, disks] = await Promise.all([src.text('proc/diskstats'), src.list('sys/block')]);
    // sysfs writes a `/` of a device name as `!` (cciss!c0d0 is cciss/c0d0 in /proc/diskstats)
    const dirOf = new Map(disks.map((dir) => [dir.replace(/!/g, '/'), dir]));
    const wanted = new Set([...dirOf.keys()].filter((name) => !exclude.test(name)));
    const readings: Reading[] = [];
    for (const { name, line, fields } of parseDiskstats(stats)) {
      if (!wanted.has(name)) continue;
      if (fields.length < 11) throw new ParseError('/proc/diskstats', line, 'a whole disk needs 11 or more counters');
      const f = (n: number): bigint => fields[n - 1] as bigint;
      const dir = `sys/block/${dirOf.get(name) ?? name}`;
      const [diskseq, nrRequests, maxSectorsKb, hwQueues] = await Promise.all([
        src.attribute(`${dir}/diskseq`),
        src.attribute(`${dir}/queue/nr_requests`),
        src.attribute(`${dir}/queue/max_sectors_kb`),
        src.maybeList(`${dir}/mq`).catch(() => undefined),
      ]);
      // the requests the device holds at once and its largest request bound what its counters can do (./derive.ts)
      const info: Record<string, number> = {};
      if (positive(nrRequests)) info.queue_depth = Number(nrRequests) * Math.max(1, hwQueues?.length ?? 1);
      if (positive(maxSectorsKb)) info.max_request_sectors = Number(maxSectorsKb) * 2;
      readings.push({
        subject: subjectName(name),
        name,
        gauges: {},
        counters: {
          reads: f(DISK_FIELD.reads),
          writes: f(DISK_FIELD.writes),
          read_sectors: f(DISK_FIELD.readSectors),
          write_sectors: f(DISK_FIELD.writeSectors),
          read_ms: f(DISK_FIELD.readMs),
          write_ms: f(DISK_FIELD.writeMs),
          io_ms: f(DISK_FIELD.ioMs),
          weighted_io_ms: f(DISK_FIELD.weightedMs),
        },
        ...(diskseq === undefined ? {} : { identity: diskseq }),
        info,
      });
    }
    return readings;
  },
  derive: deriveDisk,
};

const positive = (text: string | undefined): text is string => text !== undefined && /^[1-9]\d*$/.test(text);
