import { SourceMissing } from '../../core/errors';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import type { Reading } from '../../core/reading';
import { gaugesOnly } from '../../derive/types';

/** flash: see ./entry.ts for its keys, settings and sources. */
export const flash: Module = {
  read: async (src) => {
    const devices = ((await src.maybeList('sys/block')) ?? []).filter((n) => /^mmcblk\d+$/.test(n));
    if (devices.length === 0) throw new SourceMissing('/sys/block/mmcblk0', 'no eMMC or SD card here');
    const ext4 = (await src.maybeList('sys/fs/ext4')) ?? [];
    return Promise.all(devices.map((dev) => readDevice(src, dev, ext4)));
  },
  derive: gaugesOnly,
};

/** A JEDEC value written as hex ("0x01"); 0 means not defined. */
const level = (text: string | undefined): number | undefined => {
  const v = text !== undefined && /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : undefined;
  return v === undefined || v === 0 ? undefined : v;
};

async function readDevice(src: Sources, dev: string, ext4: readonly string[]): Promise<Reading> {
  const [lifeTime, preEol] = await Promise.all([
    src.attribute(`sys/block/${dev}/device/life_time`),
    src.attribute(`sys/block/${dev}/device/pre_eol_info`),
  ]);
  const gauges: Record<string, number> = {};
  const [a, b] = (lifeTime ?? '').split(/\s+/).map(level);
  if (a !== undefined) gauges.life_used_a_pct = a * 10;
  if (b !== undefined) gauges.life_used_b_pct = b * 10;
  const eol = level(preEol);
  if (eol !== undefined) gauges.pre_eol = eol;
  const partitions = ext4.filter((p) => p.startsWith(`${dev}p`) && /^\d+$/.test(p.slice(dev.length + 1)));
  const written = await Promise.all(partitions.map((p) => src.attribute(`sys/fs/ext4/${p}/lifetime_write_kbytes`)));
  const kbytes = written.filter((w): w is string => w !== undefined && /^\d+$/.test(w));
  if (kbytes.length > 0) gauges.written_bytes = kbytes.reduce((sum, k) => sum + Number(k), 0) * 1024;
  return { subject: dev, gauges, counters: {} };
}
