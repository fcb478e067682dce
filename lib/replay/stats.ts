import type { ReplayResult } from './replay';

/** How closely a replayed series follows the recorded one. */
export interface Agreement {
  readonly samples: number;
  /** root mean square error, in the series' unit */
  readonly rmse: number;
  readonly mae: number;
  /** Pearson's correlation coefficient; undefined when either series is constant */
  readonly r: number | undefined;
  /** the share of samples within ±10 % of the recorded value (a recorded 0: within 10 % of the series' largest value), 0–100 */
  readonly within10Pct: number;
  /** the largest absolute error */
  readonly peak: number;
}

export function agreement(recorded: readonly number[], replayed: readonly number[]): Agreement {
  const n = Math.min(recorded.length, replayed.length);
  const pairs = Array.from({ length: n }, (_, i) => [recorded[i] as number, replayed[i] as number] as const);
  const errors = pairs.map(([a, b]) => b - a);
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const largest = recorded.slice(0, n).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const within = pairs.filter(([a, b]) => Math.abs(b - a) <= 0.1 * (a === 0 ? largest : Math.abs(a))).length;
  let r: number | undefined;
  if (n > 1) {
    const ma = mean(pairs.map(([a]) => a));
    const mb = mean(pairs.map(([, b]) => b));
    const cov = pairs.reduce((s, [a, b]) => s + (a - ma) * (b - mb), 0);
    const va = pairs.reduce((s, [a]) => s + (a - ma) ** 2, 0);
    const vb = pairs.reduce((s, [, b]) => s + (b - mb) ** 2, 0);
    r = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : undefined;
  }
  return {
    samples: n,
    rmse: n === 0 ? 0 : Math.sqrt(mean(errors.map((e) => e * e))),
    mae: n === 0 ? 0 : mean(errors.map(Math.abs)),
    r,
    within10Pct: n === 0 ? 0 : (within / n) * 100,
    peak: Math.max(0, ...errors.map(Math.abs)),
  };
}

/** How well the replay followed the recording, per resource it replayed. */
export type ReplayAgreement = Partial<Record<keyof ReplayResult['series'], Agreement>>;

export function agreements(result: ReplayResult): ReplayAgreement {
  const out: ReplayAgreement = {};
  for (const [name, s] of Object.entries(result.series) as Array<
    [keyof ReplayResult['series'], { recorded: number[]; replayed: number[] }]
  >) {
    if (s.recorded.length > 0) out[name] = agreement(s.recorded, s.replayed);
  }
  return out;
}
