import { cgroup } from './cgroup';
import { cpu } from './cpu';
import { disk } from './disk';
import { fs } from './fs';
import { host } from './host';
import { load } from './load';
import { mem } from './mem';
import { net } from './net';
import { proc } from './proc';
import { psi } from './psi';
import { temp } from './temp';
import type { Module } from './types';

/** The core modules, in the order their lines are written. All are on unless the config turns one off. */
export const CORE_MODULES: readonly Module[] = [host, cpu, load, mem, net, disk, fs, psi, temp];

/** Every sampling module: the core, the cgroup tree, and proc (every process). */
export const SAMPLING_MODULES: readonly Module[] = [...CORE_MODULES, cgroup, proc];

/** Modules that run only when the config turns them on (`proc: true`): proc reads a file per process. */
export const OPT_IN: ReadonlySet<string> = new Set(['proc']);

/** Whether a module runs with this config entry (`false` off, absent the default, anything else on). */
export const isEnabled = (name: string, setting: unknown): boolean => (setting === undefined ? !OPT_IN.has(name) : setting !== false);
