import { boot } from './boot';
import { coredump } from './coredump';
import { inventory } from './inventory';
import { kmsg } from './kmsg';
import { pacct } from './pacct';
import { pi } from './pi';
import { appEvents } from './queue';
import { systemd } from './systemd';
import type { EventModule } from './types';

/** The event modules, in the order their lines are written; all on unless the config turns one off. */
export const eventModules = (statePath: string): EventModule[] => [boot, coredump, pacct, kmsg, systemd, appEvents(statePath), inventory, pi];
