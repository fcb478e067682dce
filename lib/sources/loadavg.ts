import { ParseError } from '../core/errors';

/** /proc/loadavg: "0.27 0.10 0.03 1/79 2245": load averages, runnable/total scheduling entities, last pid. */
export interface LoadAvg {
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  readonly threads: number;
}

export function parseLoadAvg(text: string): LoadAvg {
  const m = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) \d+\/(\d+)/.exec(text.trim());
  if (!m) throw new ParseError('/proc/loadavg', text.trim(), 'expected "L1 L5 L15 R/T PID"');
  return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]), threads: Number(m[4]) };
}
