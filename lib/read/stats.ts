/** Summary of one key over a period. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly avg: number;
  /** nearest rank: the smallest value with at least 95 % of the values at or below it */
  readonly p95: number;
  readonly max: number;
}

export function summarize(values: ArrayLike<number>): Summary | undefined {
  if (values.length === 0) return undefined;
  // a typed array sorts numbers natively, without calling a comparison for each pair
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    avg: sum / sorted.length,
    p95: sorted[Math.ceil(0.95 * sorted.length) - 1] as number,
    max: sorted[sorted.length - 1] as number,
  };
}
