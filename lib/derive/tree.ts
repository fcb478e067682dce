import type { Field } from '../core/sample';
import type { TreeTotals } from '../sources/process-tree';
import { USER_HZ } from '../sources/proc-stat';
import { share } from './delta';

/** CPU %, and storage I/O per second, of the tree between two samples; a total that went down (a part of the tree left it without being waited for) gives no key. */
export function treeRates(prev: TreeTotals, curr: TreeTotals, elapsedS: number): Field[] {
  if (elapsedS <= 0) return [];
  const out: Field[] = [];
  if (curr.cpuTicks >= prev.cpuTicks && curr.cpus !== undefined)
    out.push(['record.cpu_pct', share((Number(curr.cpuTicks - prev.cpuTicks) / USER_HZ / elapsedS / curr.cpus) * 100)]);
  if (curr.readBytes >= prev.readBytes)
    out.push(['record.read_bytes_per_s', Number(curr.readBytes - prev.readBytes) / elapsedS]);
  if (curr.writeBytes >= prev.writeBytes)
    out.push(['record.write_bytes_per_s', Number(curr.writeBytes - prev.writeBytes) / elapsedS]);
  return out;
}

/** Clock ticks of /proc/<pid>/stat (USER_HZ) as seconds. */
export const ticksToS = (ticks: bigint): number => Number(ticks) / USER_HZ;
