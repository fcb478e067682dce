import { SourceMissing } from '../../core/errors';
import type { Field } from '../../core/sample';
import { parseKmsgRecord, type KmsgRecord } from '../../sources/kmsg';
import type { Crash, EventModule } from '../../events/types';
import type { Settings } from './entry';

/** A program's crash as the kernel logs it: "x[1234]: segfault at …", "traps: x[1234] general protection fault …". */
const KERNEL_CRASH = /^(?:traps: )?(\S+?)\[(\d+)\]:? (?:segfault at|general protection fault|trap divide error)/;

/** kmsg: see ./entry.ts for its keys, events and sources. */
export const kmsg: EventModule<Settings> = {
  collect: async ({ src, settings, cursor, sameBoot, prev }) => {
    // the first sample (and the first of a boot with no cursor) only marks where the log stands: nothing is decoded
    const marking = prev === undefined || (sameBoot && cursor === undefined);
    const since = marking
      ? Infinity
      : sameBoot && typeof cursor === 'string' && /^-?\d+$/.test(cursor)
        ? Number(cursor)
        : -1;
    let read: ReturnType<typeof src.kmsg>;
    try {
      read = src.kmsg('dev/kmsg', since);
    } catch (err) {
      // the kernel's log is root's (or CAP_SYSLOG's) to read: for another user it is not there, not broken
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'EACCES')
        throw new SourceMissing(
          '/dev/kmsg',
          `/dev/kmsg is not readable by this user (${code}): kernel messages are read in root's samples`,
        );
      throw err;
    }
    if (read === undefined) throw new SourceMissing('/dev/kmsg');
    const last = read.lastSeq === undefined ? undefined : String(read.lastSeq);
    if (marking) return { fields: [], events: [], cursor: last ?? '-1' };
    const records = read.records.map(parseKmsgRecord).filter((r): r is KmsgRecord => r !== undefined);
    const patterns = settings.patterns;
    const counts = new Map(Object.keys(patterns).map((name) => [name, 0]));
    const events: Field[][] = [];
    const crashes: Crash[] = [];
    for (const r of records) {
      const crash = KERNEL_CRASH.exec(r.message);
      if (crash !== null) crashes.push({ name: crash[1] as string, pid: Number(crash[2]) });
      // the patterns are lower case (the config holds them to it): without regard to case
      const lower = r.message.toLowerCase();
      for (const [name, re] of Object.entries(patterns)) {
        if (!re.test(lower)) continue;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        events.push([
          ['event', 'kmsg'],
          ['match', name],
          ['uptime_s', Number(r.usec) / 1e6],
          ['message', r.message],
        ]);
      }
    }
    return {
      fields: [...counts].map(([name, n]): Field => [`kmsg.${name}_new`, n]),
      events,
      crashes,
      cursor: last ?? (sameBoot ? cursor : '-1'),
    };
  },
};
