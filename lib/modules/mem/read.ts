import { readPageSize } from '../../sources/auxv';
import { parseMeminfo } from '../../sources/meminfo';
import { parseVmstat } from '../../sources/vmstat';
import { SourceMissing } from '../../core/errors';
import type { Module } from '../types';
import { deriveMem } from './derive';

/** mem: see ./entry.ts for its keys, settings and sources. */
export const mem: Module = {
  read: async (src) => {
    const [meminfo, vmstatText, pageSize] = await Promise.all([
      src.maybeText('proc/meminfo'),
      src.maybeText('proc/vmstat'),
      readPageSize(src),
    ]);
    if (meminfo === undefined) throw new SourceMissing('/proc/meminfo');
    const m = parseMeminfo(meminfo);
    const kb = (name: string): number | undefined => {
      const v = m.get(name);
      return v === undefined ? undefined : Number(v);
    };
    const total = kb('MemTotal');
    // a part larger than the whole is not a kernel's figure: it is left out, and what is made from it
    const part = (name: string, whole: number | undefined): number | undefined => {
      const v = kb(name);
      return v === undefined || (whole !== undefined && v > whole) ? undefined : v;
    };
    const free = part('MemFree', total);
    const available = part('MemAvailable', total);
    const buffers = kb('Buffers');
    const cached = kb('Cached');
    const fallback =
      total !== undefined && free !== undefined && buffers !== undefined && cached !== undefined
        ? total - free - buffers - cached - (kb('SReclaimable') ?? 0)
        : undefined;
    // with MemAvailable printed (but impossible) there is no honest used figure; without it, the older sum
    const used =
      total === undefined
        ? undefined
        : m.has('MemAvailable')
          ? available === undefined
            ? undefined
            : total - available
          : fallback !== undefined && fallback >= 0
            ? fallback
            : undefined;
    const swapTotal = kb('SwapTotal');
    const swapFree = part('SwapFree', swapTotal);
    const swapUsed = swapTotal !== undefined && swapFree !== undefined ? swapTotal - swapFree : undefined;
    const gauges = defined({
      total_bytes: total,
      free_bytes: free,
      available_bytes: available,
      used_bytes: used,
      used_pct: used !== undefined && total ? (used / total) * 100 : undefined,
      buffers_bytes: buffers,
      cached_bytes: cached,
      shmem_bytes: kb('Shmem'),
      dirty_bytes: kb('Dirty'),
      swap_total_bytes: swapTotal,
      swap_used_bytes: swapUsed,
      swap_used_pct: swapUsed !== undefined && swapTotal ? (swapUsed / swapTotal) * 100 : undefined,
    });
    const counters: Record<string, bigint> = {};
    if (vmstatText !== undefined) {
      const v = parseVmstat(vmstatText);
      const page = BigInt(pageSize);
      const put = (key: string, value: bigint | undefined): void => {
        if (value !== undefined) counters[key] = value;
      };
      put('swap_in_bytes', scale(v.get('pswpin'), page));
      put('swap_out_bytes', scale(v.get('pswpout'), page));
      put('major_faults', v.get('pgmajfault'));
      put('oom_kills', v.get('oom_kill'));
    }
    return [{ gauges, counters }];
  },
  derive: deriveMem,
};

const scale = (v: bigint | undefined, by: bigint): bigint | undefined => (v === undefined ? undefined : v * by);

function defined(values: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}
