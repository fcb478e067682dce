import { cgroup } from './cgroup';
import { cpu } from './cpu';
import { cpufreq } from './cpufreq';
import { disk } from './disk';
import { flash } from './flash';
import { fs } from './fs';
import { gpu } from './gpu';
import { host } from './host';
import { load } from './load';
import { mem } from './mem';
import { mountCheck } from './mount-check';
import { net } from './net';
import { netCheck } from './net-check';
import { nfs } from './nfs';
import { power } from './power';
import { proc } from './proc';
import { psi } from './psi';
import { sched } from './sched';
import { site } from './site';
import { temp } from './temp';
import type { Module } from './types';

/** The core modules, in the order their lines are written. All are on unless the config turns one off. */
export const CORE_MODULES: readonly Module[] = [host, cpu, load, mem, net, disk, fs, psi, temp];

/** The hardware modules: each writes nothing where its hardware is absent. */
export const HARDWARE_MODULES: readonly Module[] = [cpufreq, power, gpu, flash, nfs];

/** Every sampling module, in the order their lines are written. */
export const SAMPLING_MODULES: readonly Module[] = [...CORE_MODULES, ...HARDWARE_MODULES, cgroup, proc, site, sched, netCheck, mountCheck];

/**
 * Modules that run only when the config turns them on: proc reads a file per process; net_check and
 * mount_check need their targets.
 */
export const OPT_IN: ReadonlySet<string> = new Set(['proc', 'net_check', 'mount_check']);

/** Whether a module runs with this config entry (`false` off, absent the default, anything else on). */
export const isEnabled = (name: string, setting: unknown): boolean => (setting === undefined ? !OPT_IN.has(name) : setting !== false);
