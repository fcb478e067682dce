import { SourceMissing } from '../core/errors';
import type { Field } from '../core/sample';
import { parseKmsgRecord, type KmsgRecord } from '../sources/kmsg';
import type { Crash, EventModule } from './types';

/** A program's crash as the kernel logs it: "x[1234]: segfault at …", "traps: x[1234] general protection fault …". */
const KERNEL_CRASH = /^(?:traps: )?(\S+?)\[(\d+)\]:? (?:segfault at|general protection fault|trap divide error)/;

/** What kmsg counts unless the config's `patterns` say otherwise (matched without regard to case). */
export const DEFAULT_KMSG_PATTERNS: Readonly<Record<string, RegExp>> = {
  // the kernel logs an OOM kill in three lines (oom-kill:…, "Out of memory: Killed process N", oom_reaper):
  // only the one line every kernel prints once per kill is counted
  oom: /killed process \d+/i,
  segfault: /segfault at|general protection fault|trap divide error/i,
  hung_task: /blocked for more than \d+ seconds/i,
  io_error: /i\/o error|blk_update_request|critical medium error|buffer i\/o error/i,
  link_down: /link is down|link down/i,
  undervoltage: /under-?voltage/i,
  fs_error: /ext4-fs error|xfs .*(error|corruption)|btrfs (error|critical)|remounting filesystem read-only|fat-fs .*error/i,
  nfs: /nfs: server .* not responding/i,
};

/**
 * kmsg: kernel messages since the last run (/dev/kmsg, read without blocking; root only), matched
 * against named patterns (setting `patterns`: name → regular expression; the defaults above).
 * key               unit   kind
 * kmsg.<name>_new   count  new  messages that matched <name> since the last run (0 when none)
 * event=kmsg match=<name> uptime_s=<s> message="…"   for each match
 * Cursor: the sequence number of the last record read, within a boot (a new boot reads from the
 * start: those messages all came after the last run). The very first run takes the cursor only.
 */
export const kmsg: EventModule = {
  name: 'kmsg',
  sources: ['/dev/kmsg'],
  collect: async ({ src, settings, cursor, sameBoot, prev }) => {
    const raw = src.kmsg('dev/kmsg');
    if (raw === undefined) throw new SourceMissing('/dev/kmsg');
    const records = raw.map(parseKmsgRecord).filter((r): r is KmsgRecord => r !== undefined);
    const last = records.length > 0 ? String(records[records.length - 1]!.seq) : undefined;
    if (prev === undefined || (sameBoot && cursor === undefined)) return { fields: [], events: [], cursor: last ?? '-1' };
    const since = sameBoot && typeof cursor === 'string' && /^-?\d+$/.test(cursor) ? BigInt(cursor) : -1n;
    const patterns = settings.patterns ?? DEFAULT_KMSG_PATTERNS;
    const counts = new Map(Object.keys(patterns).map((name) => [name, 0]));
    const events: Field[][] = [];
    const crashes: Crash[] = [];
    for (const r of records) {
      if (r.seq <= since) continue;
      const crash = KERNEL_CRASH.exec(r.message);
      if (crash !== null) crashes.push({ name: crash[1] as string, pid: Number(crash[2]) });
      for (const [name, re] of Object.entries(patterns)) {
        if (!re.test(r.message)) continue;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        events.push([['event', 'kmsg'], ['match', name], ['uptime_s', Number(r.usec) / 1e6], ['message', r.message]]);
      }
    }
    return { fields: [...counts].map(([name, n]): Field => [`kmsg.${name}_new`, n]), events, crashes, cursor: last ?? (sameBoot ? cursor : '-1') };
  },
};
