import type { Sources } from './read';

/** AT_PAGESZ in the ELF auxiliary vector (elf.h): the page size the kernel runs with. */
const AT_PAGESZ = 6n;
export const DEFAULT_PAGE_SIZE = 4096;

/**
 * /proc/self/auxv: (type, value) pairs of native words, little-endian on every architecture flightlog
 * runs on. The word size is not written anywhere, so 64-bit pairs are tried first, then 32-bit ones;
 * a page size is accepted only as a power of two between 1 KiB and 1 MiB.
 */
export function pageSizeFromAuxv(auxv: Buffer): number | undefined {
  for (const width of [8, 4] as const) {
    for (let off = 0; off + 2 * width <= auxv.length; off += 2 * width) {
      const type = width === 8 ? auxv.readBigUInt64LE(off) : BigInt(auxv.readUInt32LE(off));
      if (type === 0n) break;
      if (type !== AT_PAGESZ) continue;
      const value = width === 8 ? Number(auxv.readBigUInt64LE(off + width)) : auxv.readUInt32LE(off + width);
      if (value >= 1024 && value <= 1 << 20 && (value & (value - 1)) === 0) return value;
    }
  }
  return undefined;
}

/** The running kernel's page size under the root: AT_PAGESZ of /proc/self/auxv, 4096 when unreadable. */
export async function readPageSize(src: Sources): Promise<number> {
  try {
    return pageSizeFromAuxv(await src.bytes('proc/self/auxv')) ?? DEFAULT_PAGE_SIZE;
  } catch {
    return DEFAULT_PAGE_SIZE;
  }
}
