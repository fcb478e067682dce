import { machine } from 'node:os';
import type { Sources } from './read';

/**
 * The word size of the sampled kernel, which decides where counters really are 32-bit: a 32-bit
 * kernel's `unsigned long` counters (/proc/net/dev of drivers without 64-bit stats, /proc/diskstats
 * counts) wrap at 2^32. Read from /proc/sys/kernel/arch (Linux 6.1+, the kernel's `uname -m`), else
 * from uname(2) when sampling this machine; any other root is taken as 64-bit.
 */
export async function kernelBits(src: Sources): Promise<32 | 64> {
  const arch = (await src.attribute('proc/sys/kernel/arch')) ?? (src.root === '/' ? machine() : 'x86_64');
  return /64|s390x/.test(arch) ? 64 : 32;
}
