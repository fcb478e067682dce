import type { Field } from '../../core/sample';
import { subjectName } from '../../format/subject';
import type { Reading } from '../../core/reading';
import { USER_HZ } from '../../sources/proc-stat';
import { share, type ModuleBaseline } from '../../derive/delta';

import type { Settings } from './entry';

/**
 * The proc module's keys from all processes at once (see ./read.ts): each process's share
 * of the machine's CPUs since the last run (a process started since counts all its time), the top ones
 * by CPU and by RSS, and counts. Without a baseline, or without the CPU count, only the RSS ranking
 * and the counts.
 */
export function deriveProc(
  all: readonly Reading[],
  baseline: ModuleBaseline | undefined,
  uptimeS: number,
  settings: Settings,
): Field[] {
  const top = settings.top;
  const cpus = all.find((r) => r.subject === undefined)?.gauges.cpus;
  const readings = all.filter((r) => r.subject !== undefined);
  const fields: Field[] = [['proc.count', readings.length]];
  const comm = (r: Reading): string => r.labels?.comm ?? '';
  if (baseline !== undefined && uptimeS > baseline.uptimeS && cpus !== undefined) {
    const elapsedS = uptimeS - baseline.uptimeS;
    const busy = readings
      .flatMap((r) => {
        const now = r.counters.cpu_ticks as bigint;
        const before = baseline.subjects.get(r.subject ?? '')?.counters.cpu_ticks;
        const startedS = (r.gauges.start_ticks ?? 0) / USER_HZ;
        const ticks =
          before !== undefined && now >= before ? now - before : startedS >= baseline.uptimeS ? now : undefined;
        return ticks === undefined ? [] : [{ r, pct: share((Number(ticks) / USER_HZ / elapsedS / cpus) * 100) }];
      })
      .sort((a, b) => b.pct - a.pct)
      .slice(0, top);
    busy.forEach(({ r, pct }, i) => {
      fields.push(
        [`proc.cpu${i + 1}.comm`, comm(r)],
        [`proc.cpu${i + 1}.pid`, r.gauges.pid ?? 0],
        [`proc.cpu${i + 1}.cpu_pct`, pct],
      );
    });
  }
  [...readings]
    .sort((a, b) => (b.gauges.rss_bytes ?? 0) - (a.gauges.rss_bytes ?? 0))
    .slice(0, top)
    .forEach((r, i) => {
      fields.push(
        [`proc.rss${i + 1}.comm`, comm(r)],
        [`proc.rss${i + 1}.pid`, r.gauges.pid ?? 0],
        [`proc.rss${i + 1}.rss_bytes`, r.gauges.rss_bytes ?? 0],
      );
    });
  for (const name of settings.count ?? [])
    fields.push([`proc.${subjectName(name)}.count`, readings.filter((r) => comm(r) === name).length]);
  return fields;
}
