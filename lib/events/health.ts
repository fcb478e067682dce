import type { Field } from '../core/sample';
import { subjectName } from '../format/subject';
import { MAX_SUBJECTS, type Health, type State } from '../state/store';

/**
 * health: memfaultd's device-health figures, kept in the state file across reboots.
 * key                        unit   kind
 * health.operational_s       s      gauge  time this machine has run since flightlog's first sample
 * health.crashfree_s         s      gauge  time since the last crash (0 at the sample that sees a crash)
 * health.crashes             count  gauge  crashes since flightlog's first sample
 * health.crashes_new         count  new    crashes since the last run
 * health.<program>.crashes   count  gauge  crashes of that program so far, written when it crashed this run
 * A crash: a core dump (coredump), a kernel panic, oops or watchdog reset (boot), a crash reported
 * with `flightlog event crash NAME` (app). Time counts by /proc/uptime: within a boot its increase,
 * across a reboot the new boot's uptime plus, after a clean shutdown, the old boot's last minutes.
 */
export function updateHealth(prev: State | undefined, sameBoot: boolean, uptimeS: number, crashes: readonly string[]): { health: Health; fields: Field[] } {
  const before: Health = prev?.health ?? { operationalS: 0, crashfreeS: 0, crashes: 0, perProgram: {} };
  let gained = 0;
  if (prev !== undefined) {
    const marked = prev.shutdown !== undefined && prev.shutdown.bootId === prev.bootId ? prev.shutdown : undefined;
    gained = sameBoot ? Math.max(0, uptimeS - prev.uptimeS) : uptimeS + Math.max(0, (marked?.uptimeS ?? prev.uptimeS) - prev.uptimeS);
  }
  const perProgram: Record<string, number> = { ...before.perProgram };
  for (const name of crashes) perProgram[name] = (perProgram[name] ?? 0) + 1;
  // bounded: the programs that crashed most are kept
  const kept = Object.entries(perProgram).sort((a, b) => b[1] - a[1]).slice(0, MAX_SUBJECTS);
  const health: Health = {
    operationalS: before.operationalS + gained,
    crashfreeS: crashes.length > 0 ? 0 : before.crashfreeS + gained,
    crashes: before.crashes + crashes.length,
    perProgram: Object.fromEntries(kept),
  };
  const fields: Field[] = [
    ['health.operational_s', health.operationalS], ['health.crashfree_s', health.crashfreeS],
    ['health.crashes', health.crashes], ['health.crashes_new', crashes.length],
    ...[...new Set(crashes)].map((name): Field => [`health.${subjectName(name)}.crashes`, perProgram[name] ?? 0]),
  ];
  return { health, fields };
}
