import { gauge, type SamplingEntry } from '../entry';

/** load: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'load',
  kind: 'sampling',
  raw: false,
  sources: ['/proc/loadavg', '/proc/stat'],
  settings: {},
  docs: () => ({
    summary: 'run-queue figures',
    keys: [
      gauge('load.1m', 'ratio', '/proc/loadavg field 1 (1-minute load average)'),
      gauge('load.5m', 'ratio', '/proc/loadavg field 2'),
      gauge('load.15m', 'ratio', '/proc/loadavg field 3'),
      gauge('load.running', 'count', '/proc/stat `procs_running` (runnable tasks now)'),
      gauge('load.blocked', 'count', '/proc/stat `procs_blocked` (tasks waiting for I/O now)'),
      gauge('load.threads', 'count', '/proc/loadavg field 4, after the slash (scheduling entities)'),
    ],
    notes: '',
    rows: [
      ['`load.1m`, `load.5m`, `load.15m`', 'load averages'],
      ['`load.running`, `load.blocked`, `load.threads`', 'runnable tasks, tasks blocked on I/O, scheduling entities'],
    ],
  }),
  load: async () => (await import('./read')).load,
};
