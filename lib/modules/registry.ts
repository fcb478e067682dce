import type { ModuleSettings } from '../core/reading';
import type { EventEntry, ModuleEntry, SamplingEntry } from './entry';
import { entry as host } from './host/entry';
import { entry as cpu } from './cpu/entry';
import { entry as load } from './load/entry';
import { entry as mem } from './mem/entry';
import { entry as net } from './net/entry';
import { entry as disk } from './disk/entry';
import { entry as fs } from './fs/entry';
import { entry as psi } from './psi/entry';
import { entry as temp } from './temp/entry';
import { entry as cpufreq } from './cpufreq/entry';
import { entry as power } from './power/entry';
import { entry as gpu } from './gpu/entry';
import { entry as flash } from './flash/entry';
import { entry as nfs } from './nfs/entry';
import { entry as cgroup } from './cgroup/entry';
import { entry as proc } from './proc/entry';
import { entry as site } from './site/entry';
import { entry as sched } from './sched/entry';
import { entry as netCheck } from './net_check/entry';
import { entry as mountCheck } from './mount_check/entry';
import { entry as boot } from './boot/entry';
import { entry as coredump } from './coredump/entry';
import { entry as pacct } from './pacct/entry';
import { entry as kmsg } from './kmsg/entry';
import { entry as systemd } from './systemd/entry';
import { entry as app } from './app/entry';
import { entry as inventory } from './inventory/entry';
import { entry as pi } from './pi/entry';
import { entry as health } from './health/entry';

/**
 * Every module flightlog has, sampling and event alike: the only list of them. Each is a folder,
 * `lib/modules/<name>/`, whose `entry.ts` holds its data (see ./entry.ts) and whose code beside it is
 * loaded only when it runs. The order here is the order of the lines: the sampling modules' in a
 * sample, then the event modules' (health last: it counts the others' crashes).
 */
export const MODULES: readonly ModuleEntry[] = [
  host,
  cpu,
  load,
  mem,
  net,
  disk,
  fs,
  psi,
  temp,
  cpufreq,
  power,
  gpu,
  flash,
  nfs,
  cgroup,
  proc,
  site,
  sched,
  netCheck,
  mountCheck,
  boot,
  coredump,
  pacct,
  kmsg,
  systemd,
  app,
  inventory,
  pi,
  health,
];

/** The sampling modules, in the order their lines are written. */
export const SAMPLING: readonly SamplingEntry[] = MODULES.filter((m): m is SamplingEntry => m.kind === 'sampling');
/** The event modules, in the order they run and their lines are written (health last: it counts the others' crashes). */
export const EVENTS: readonly EventEntry[] = MODULES.filter((m): m is EventEntry => m.kind === 'event');

/** Whether a module runs with this config entry (`false` off, absent the default, anything else on). */
export const isEnabled = (entry: ModuleEntry, setting: unknown): boolean =>
  setting === undefined ? entry.kind === 'event' || entry.optIn === undefined : setting !== false;

/** A module's entry by name, or undefined. */
export const entryOf = (name: string): ModuleEntry | undefined => MODULES.find((m) => m.name === name);

/**
 * The settings a module is given: its entry's defaults, then what the config set (already checked and
 * compiled by lib/config). A module's code never holds a default of its own.
 */
export function settingsOf(entry: ModuleEntry, configured: false | ModuleSettings | undefined): ModuleSettings {
  const defaults = Object.entries(entry.settings).flatMap(([name, setting]) =>
    setting.default === undefined ? [] : [[name, setting.default] as const],
  );
  return { ...Object.fromEntries(defaults), ...(configured || {}) };
}
