import { cpu } from './cpu';
import { disk } from './disk';
import { fs } from './fs';
import { host } from './host';
import { load } from './load';
import { mem } from './mem';
import { net } from './net';
import { psi } from './psi';
import { temp } from './temp';
import type { Module } from './types';

/** The core modules, in the order their lines are written. All are on unless the config turns one off. */
export const CORE_MODULES: readonly Module[] = [host, cpu, load, mem, net, disk, fs, psi, temp];
