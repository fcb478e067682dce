import { SourceMissing } from '../../core/errors';
import { parsePressure } from '../../sources/pressure';
import type { Module } from '../types';
import type { Reading } from '../../core/reading';
import { derivePsi } from './derive';

const RESOURCES = ['cpu', 'memory', 'io', 'irq'] as const;

/** psi: see ./entry.ts for its keys, settings and sources. */
export const psi: Module = {
  read: async (src) => {
    const texts = await Promise.all(
      RESOURCES.map(async (r) => {
        try {
          return await src.maybeText(`proc/pressure/${r}`);
        } catch (err) {
          // booted with psi=0: the files exist but reading them fails with EOPNOTSUPP
          if ((err as NodeJS.ErrnoException).code === 'EOPNOTSUPP') return undefined;
          throw err;
        }
      }),
    );
    const readings: Reading[] = [];
    RESOURCES.forEach((resource, i) => {
      const text = texts[i];
      if (text === undefined) return;
      const rec = parsePressure(text, `/proc/pressure/${resource}`);
      const counters: Record<string, bigint> = {};
      if (rec.someUs !== undefined) counters.some_us = rec.someUs;
      if (rec.fullUs !== undefined) counters.full_us = rec.fullUs;
      readings.push({ subject: resource, gauges: {}, counters });
    });
    if (readings.length === 0) throw new SourceMissing('/proc/pressure');
    return readings;
  },
  derive: derivePsi,
};
