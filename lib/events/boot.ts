import { parseStat } from '../sources/stat';
import type { Sources } from '../sources/read';
import { SINCE_BOOT_SHIFT } from '../sources/pi-throttled';
import type { PiCursor } from './pi';
import type { EventModule } from './types';
import type { Field } from '../core/sample';

/** A watchdog's bootstatus bit for "the last reboot was the watchdog's" (WDIOF_CARDRESET, linux/watchdog.h). */
const WDIOF_CARDRESET = 0x20;

/**
 * boot: on the first sample of a new boot, one event saying how the previous boot ended:
 *   event=boot reason=<r> previous_boot=<boot id> last_uptime_s=<s> downtime_s=<s> [record=<pstore file>]
 * last_uptime_s: the previous boot's last known uptime (the shutdown mark's, or its last sample's);
 * downtime_s: from then to this boot's btime (/proc/stat). The reason, from the best source there is:
 *   panic, oops   a pstore record (/sys/fs/pstore/dmesg-*) written after the previous boot's last sample,
 *                 its first line "Panic#…" or "Oops#…" (both count as a kernel crash in health)
 *   watchdog      a watchdog whose bootstatus has WDIOF_CARDRESET (/sys/class/watchdog/*\/bootstatus)
 *   shutdown      the clean-shutdown mark of `flightlog mark-shutdown` for the previous boot
 *   under_voltage a Raspberry Pi whose last sample of the previous boot saw under-voltage (now or since
 *                 that boot; the pi module's cursor): most likely a brown-out
 *   unexpected    none of these: a power loss or a hard reset
 * in that order: the first that applies wins. No keys; no cursor. Silent on the very first run.
 */
export const boot: EventModule = {
  name: 'boot',
  sources: ['/proc/stat btime', '/sys/fs/pstore', '/sys/class/watchdog/*/bootstatus', 'the shutdown mark'],
  collect: async ({ src, prev, sameBoot }) => {
    if (sameBoot || prev === undefined) return { fields: [], events: [] };
    const marked = prev.shutdown !== undefined && prev.shutdown.bootId === prev.bootId ? prev.shutdown : undefined;
    const lastSeenMs = Math.max(prev.timeMs, marked?.timeMs ?? 0);
    const lastUptimeS = Math.max(prev.uptimeS, marked?.uptimeS ?? 0);
    const stat = await src.maybeText('proc/stat');
    const btime = stat === undefined ? undefined : parseStat(stat).btime;
    const [pstore, watchdog] = await Promise.all([pstoreCrash(src, prev.timeMs), watchdogReset(src)]);
    const reason = pstore?.kind ?? (watchdog ? 'watchdog' : marked ? 'shutdown' : sawUnderVoltage(prev.cursors?.pi, prev.bootId) ? 'under_voltage' : 'unexpected');
    const event: Field[] = [['event', 'boot'], ['reason', reason], ['previous_boot', prev.bootId], ['last_uptime_s', lastUptimeS]];
    if (btime !== undefined && btime * 1000 >= lastSeenMs) event.push(['downtime_s', btime - lastSeenMs / 1000]);
    if (pstore) event.push(['record', pstore.file]);
    return { fields: [], events: [event], crashes: reason === 'panic' || reason === 'oops' || reason === 'watchdog' ? [{ name: 'kernel' }] : [] };
  },
};

/** Whether the pi module's last word of that boot had under-voltage, now (bit 0) or since boot (bit 16). */
function sawUnderVoltage(cursor: unknown, bootId: string): boolean {
  const c = cursor as Partial<PiCursor> | undefined;
  return c?.bootId === bootId && typeof c.flags === 'number' && (c.flags & (1 | (1 << SINCE_BOOT_SHIFT))) !== 0;
}

async function pstoreCrash(src: Sources, sinceMs: number): Promise<{ kind: 'panic' | 'oops'; file: string } | undefined> {
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
