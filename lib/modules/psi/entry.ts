import { rate, type SamplingEntry } from '../entry';

/** psi: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'psi',
  kind: 'sampling',
  sources: ['/proc/pressure/{cpu,memory,io,irq}'],
  settings: {},
  docs: () => ({
    summary: 'pressure stall information',
    keys: [
      rate(
        'psi.<resource>.some_pct',
        '%',
        'Δsome total µs / (elapsed s × 10^6) × 100: the share of the interval in which at least one task stalled on the resource',
      ),
      rate('psi.<resource>.full_pct', '%', 'the same from the `full` line: all non-idle tasks stalled'),
    ],
    notes:
      'Documentation/accounting/psi.rst. A line the kernel does not print (no `full` for cpu before 5.13, no irq file without CONFIG_IRQ_TIME_ACCOUNTING) gives no key, never 0. No /proc/pressure at all: the module writes nothing.',
    rows: [
      ['`psi.<cpu/memory/io/irq>.some_pct`, `full_pct`', 'share of the interval with tasks stalled on the resource'],
    ],
  }),
  load: async () => (await import('./read')).psi,
};
