import { parseStat } from '../../sources/stat';
import type { Sources } from '../../sources/read';
import { SINCE_BOOT_SHIFT } from '../../sources/pi-throttled';
import type { PiCursor } from '../pi/collect';
import type { EventModule } from '../../events/types';
import type { Field } from '../../core/sample';

/** A watchdog's bootstatus bit for "the last reboot was the watchdog's" (WDIOF_CARDRESET, linux/watchdog.h). */
const WDIOF_CARDRESET = 0x20;

/** boot: see ./entry.ts for its keys, events and sources. */
export const boot: EventModule = {
  collect: async ({ src, prev, sameBoot }) => {
    if (sameBoot || prev === undefined) return { fields: [], events: [] };
    const marked = prev.shutdown !== undefined && prev.shutdown.bootId === prev.bootId ? prev.shutdown : undefined;
    const lastSeenMs = Math.max(prev.timeMs, marked?.timeMs ?? 0);
    const lastUptimeS = Math.max(prev.uptimeS, marked?.uptimeS ?? 0);
    const stat = await src.maybeText('proc/stat');
    const btime = stat === undefined ? undefined : parseStat(stat).btime;
    const [pstore, watchdog] = await Promise.all([pstoreCrash(src, prev.timeMs), watchdogReset(src)]);
    const reason =
      pstore?.kind ??
      (watchdog
        ? 'watchdog'
        : marked
          ? 'shutdown'
          : sawUnderVoltage(prev.cursors?.pi, prev.bootId)
            ? 'under_voltage'
            : 'unexpected');
    const event: Field[] = [
      ['event', 'boot'],
      ['reason', reason],
      ['previous_boot', prev.bootId],
      ['last_uptime_s', lastUptimeS],
    ];
    if (btime !== undefined && btime * 1000 >= lastSeenMs) event.push(['downtime_s', btime - lastSeenMs / 1000]);
    if (pstore) event.push(['record', pstore.file]);
    return {
      fields: [],
      events: [event],
      crashes: reason === 'panic' || reason === 'oops' || reason === 'watchdog' ? [{ name: 'kernel' }] : [],
    };
  },
};

/** Whether the pi module's last word of that boot had under-voltage, now (bit 0) or since boot (bit 16). */
function sawUnderVoltage(cursor: unknown, bootId: string): boolean {
  const c = cursor as Partial<PiCursor> | undefined;
  return c?.bootId === bootId && typeof c.flags === 'number' && (c.flags & (1 | (1 << SINCE_BOOT_SHIFT))) !== 0;
}

async function pstoreCrash(
  src: Sources,
  sinceMs: number,
): Promise<{ kind: 'panic' | 'oops'; file: string } | undefined> {
  const files = (await src.maybeList('sys/fs/pstore')) ?? [];
  for (const file of files.filter((f) => f.startsWith('dmesg-'))) {
    const path = `sys/fs/pstore/${file}`;
    if ((src.mtimeMs(path) ?? 0) <= sinceMs) continue;
    const head = (await src.attribute(path))?.split('\n')[0] ?? '';
    if (/^Panic#/i.test(head)) return { kind: 'panic', file };
    if (/^Oops#/i.test(head)) return { kind: 'oops', file };
  }
  return undefined;
}

async function watchdogReset(src: Sources): Promise<boolean> {
  const dogs = (await src.maybeList('sys/class/watchdog')) ?? [];
  const statuses = await Promise.all(dogs.map((d) => src.attribute(`sys/class/watchdog/${d}/bootstatus`)));
  return statuses.some((s) => s !== undefined && /^\d+$/.test(s) && (Number(s) & WDIOF_CARDRESET) !== 0);
}
