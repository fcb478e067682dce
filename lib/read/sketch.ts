/**
 * What report keeps of one key's numbers, in memory bounded whatever the period: count, sum, min and
 * max exactly; the numbers themselves up to EXACT of them (p95 then exact, nearest rank); past that, a
 * histogram of logarithmic buckets, each RELATIVE_ERROR wide on either side (DDSketch's mapping), so that
 * p95 is within 1 % of the true nearest-rank value and the buckets number a few hundred per key.
 */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
/** Numbers kept as they are before the histogram takes over (a day and more of ten-minute samples). */
const EXACT = 256;

export class ValueSketch {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private exact: Float64Array | undefined = new Float64Array(16);
  /** bucket index → count, for positive numbers and for the magnitudes of negative ones */
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();
  private zeros = 0;

  push(n: number): void {
    if (this.exact !== undefined) {
      if (this.count === this.exact.length) {
        if (this.count < EXACT) {
          const bigger = new Float64Array(this.count * 2);
          bigger.set(this.exact);
          this.exact = bigger;
        } else {
          for (const v of this.exact) this.bucket(v);
          this.exact = undefined;
        }
      }
      if (this.exact !== undefined) this.exact[this.count] = n;
    }
    if (this.exact === undefined) this.bucket(n);
    this.count++;
    this.sum += n;
    if (n < this.min) this.min = n;
    if (n > this.max) this.max = n;
  }

  /** Nearest rank: the smallest value with at least 95 % of the values at or below it (within RELATIVE_ERROR once bucketed). */
  p95(): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.ceil(0.95 * this.count);
    if (this.exact !== undefined) return this.exact.subarray(0, this.count).slice().sort()[rank - 1];
    let seen = 0;
    // from the most negative up: negative buckets by falling magnitude, the zeros, positive buckets by rising value
    for (const index of [...this.negative.keys()].sort((a, b) => b - a)) {
      seen += this.negative.get(index) as number;
      if (seen >= rank) return this.clamp(-bucketValue(index));
    }
    seen += this.zeros;
    if (seen >= rank) return 0;
    for (const index of [...this.positive.keys()].sort((a, b) => a - b)) {
      seen += this.positive.get(index) as number;
      if (seen >= rank) return this.clamp(bucketValue(index));
    }
    return this.max;
  }

  private bucket(n: number): void {
    if (n === 0) this.zeros++;
    else {
      const map = n > 0 ? this.positive : this.negative;
      const index = Math.ceil(Math.log(Math.abs(n)) / LOG_GAMMA);
      map.set(index, (map.get(index) ?? 0) + 1);
    }
  }

  private clamp(v: number): number {
    return Math.min(this.max, Math.max(this.min, v));
  }
}

/** The number a bucket stands for: within RELATIVE_ERROR of every number in it. */
const bucketValue = (index: number): number => (2 * GAMMA ** index) / (GAMMA + 1);
