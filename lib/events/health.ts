import type { Field } from '../core/sample';
import { subjectName } from '../format/subject';
import { MAX_SUBJECTS, type Health, type State } from '../state/store';

/**
 * health: memfaultd's device-health figures (its keys are its entry, lib/modules/health/entry.ts), from
 * the crashes the event modules saw this run, kept in the state file across reboots.
 */
export function updateHealth(
  prev: State | undefined,
  sameBoot: boolean,
  uptimeS: number,
  crashes: readonly string[],
): { health: Health; fields: Field[] } {
  const before: Health = prev?.health ?? { operationalS: 0, crashfreeS: 0, crashes: 0, perProgram: {} };
  let gained = 0;
  if (prev !== undefined) {
    const marked = prev.shutdown !== undefined && prev.shutdown.bootId === prev.bootId ? prev.shutdown : undefined;
    gained = sameBoot
      ? Math.max(0, uptimeS - prev.uptimeS)
      : uptimeS + Math.max(0, (marked?.uptimeS ?? prev.uptimeS) - prev.uptimeS);
  }
  const perProgram: Record<string, number> = { ...before.perProgram };
  for (const name of crashes) perProgram[name] = (perProgram[name] ?? 0) + 1;
  // bounded: the programs that crashed most are kept
  const kept = Object.entries(perProgram)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SUBJECTS);
  const health: Health = {
    operationalS: before.operationalS + gained,
    crashfreeS: crashes.length > 0 ? 0 : before.crashfreeS + gained,
    crashes: before.crashes + crashes.length,
    perProgram: Object.fromEntries(kept),
  };
  const fields: Field[] = [
    ['health.operational_s', health.operationalS],
    ['health.crashfree_s', health.crashfreeS],
    ['health.crashes', health.crashes],
    ['health.crashes_new', crashes.length],
    ...[...new Set(crashes)].map((name): Field => [`health.${subjectName(name)}.crashes`, perProgram[name] ?? 0]),
  ];
  return { health, fields };
}
