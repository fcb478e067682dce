import { SourceMissing } from '../core/errors';
import { parsePressure } from '../sources/pressure';
import type { Module, Reading } from './types';

const RESOURCES = ['cpu', 'memory', 'io', 'irq'] as const;

/**
 * psi: pressure stall information (Documentation/accounting/psi.rst). Subject: the resource.
 * Source: /proc/pressure/{cpu,memory,io,irq}, the cumulative `total=` stall time in µs.
 * key                       unit  kind  formula
 * psi.<resource>.some_pct   %     rate  Δsome total µs / (elapsed s × 10^6) × 100: the share of the
 *                                       interval in which at least one task stalled on the resource
 * psi.<resource>.full_pct   %     rate  the same from the `full` line: all non-idle tasks stalled
 * Both are clamped to 0–100: over a short interval the stall counters run a little ahead of /proc/uptime.
 * A line the kernel does not print (no `full` for cpu before 5.13, no irq file without
 * CONFIG_IRQ_TIME_ACCOUNTING) gives no key, never 0. No /proc/pressure at all: the module writes nothing.
 */
export const psi: Module = {
  name: 'psi',
  sources: ['/proc/pressure/{cpu,memory,io,irq}'],
  read: async (src) => {
    const texts = await Promise.all(RESOURCES.map(async (r) => {
      try {
        return await src.maybeText(`proc/pressure/${r}`);
      } catch (err) {
        // booted with psi=0: the files exist but reading them fails with EOPNOTSUPP
        if ((err as NodeJS.ErrnoException).code === 'EOPNOTSUPP') return undefined;
        throw err;
      }
    }));
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
};
