/** Summary of one key over a period. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly avg: number;
  /** nearest rank: the smallest value with at least 95 % of the values at or below it */
  readonly p95: number;
  readonly max: number;
}
