/**
 * What report keeps of one key's numbers, in memory bounded whatever the period: count, sum, min and
 * max exactly; the numbers themselves up to EXACT of them (p95 then exact, nearest rank); past that, a
 * histogram of logarithmic buckets, each RELATIVE_ERROR wide on either side (DDSketch's mapping), so that
 * p95 is within 1 % of the true nearest-rank value and the buckets number a few hundred per key, held
 * as counts in one array (a few hundred bytes a key, not a map entry a bucket).
 */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
/** Numbers nearer zero than this count as zero in the histogram: an error of at most this much, and no bucket for 5e-324. */
const NEAR_ZERO = 1e-9;
/** Numbers kept as they are before the histogram takes over (ten hours of ten-minute samples): few enough that a fleet's keys together stay small. */
const EXACT = 64;

export class ValueSketch {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private exact: Float64Array | undefined = new Float64Array(16);
  /** counts by bucket index, of positive numbers and of the magnitudes of negative ones */
  private readonly positive = new BucketCounts();
  private readonly negative = new BucketCounts();
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
    const negative = this.negative.find(rank - seen, false);
    if (negative.index !== undefined) return this.clamp(-bucketValue(negative.index));
    seen += negative.seen + this.zeros;
    if (seen >= rank) return 0;
    const positive = this.positive.find(rank - seen, true);
    return positive.index === undefined ? this.max : this.clamp(bucketValue(positive.index));
  }

  private bucket(n: number): void {
    if (Math.abs(n) < NEAR_ZERO) this.zeros++;
    else {
      (n > 0 ? this.positive : this.negative).add(Math.ceil(Math.log(Math.abs(n)) / LOG_GAMMA));
    }
  }

  private clamp(v: number): number {
    return Math.min(this.max, Math.max(this.min, v));
  }
}

/** The number a bucket stands for: within RELATIVE_ERROR of every number in it. */
const bucketValue = (index: number): number => (2 * GAMMA ** index) / (GAMMA + 1);

/**
 * The widest run of buckets one key keeps: 8,192 buckets span 10^71 at 1 %, from 10^-9 to 10^62.
 * Numbers past it at the low end of one key's run are counted in its lowest bucket.
 */
const MAX_SPAN = 8192;

/** The counts of a BucketCounts that has none: one array for all of them (never written; a key's first count replaces it). */
const NO_COUNTS = new Uint32Array(0);

/** Counts by bucket index, in one array over the indexes seen so far. */
export class BucketCounts {
  /** NO_COUNTS until the first count: most keys never count a negative number, and a fleet's report holds tens of thousands of keys */
  private counts = NO_COUNTS;
  /** the index of counts[0] */
  private first = 0;

  add(index: number): void {
    if (this.counts.length === 0) {
      this.counts = new Uint32Array(32);
      this.first = index - 16;
    }
    let at = index - this.first;
    if (at < 0 || at >= this.counts.length) at = this.grow(index);
    this.counts[at] = (this.counts[at] as number) + 1;
  }

  /** The buckets that hold a count. */
  get size(): number {
    return this.counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  }

  /**
   * The bucket where the running count, from the lowest index (`ascending`) or the highest, reaches
   * `rank`; where it never does, what it came to.
   */
  find(rank: number, ascending: boolean): { index?: number; seen: number } {
    let seen = 0;
    const n = this.counts.length;
    for (let k = 0; k < n; k++) {
      const i = ascending ? k : n - 1 - k;
      seen += this.counts[i] as number;
      if (seen >= rank && (this.counts[i] as number) > 0) return { index: this.first + i, seen };
    }
    return { seen };
  }

  /** Makes room for `index`; its place in the new array. */
  private grow(index: number): number {
    const last = this.first + this.counts.length - 1;
    const lo = Math.min(this.first, index);
    const hi = Math.max(last, index);
    if (hi - lo + 1 > MAX_SPAN) {
      // too wide: a number below the window counts in its lowest bucket; one above moves the window up, the lowest buckets merging
      if (index < this.first) return 0;
      const first = hi - MAX_SPAN + 1;
      const moved = new Uint32Array(MAX_SPAN);
      for (let i = 0; i < this.counts.length; i++) {
        const at = Math.max(0, this.first + i - first);
        moved[at] = (moved[at] as number) + (this.counts[i] as number);
      }
      this.counts = moved;
      this.first = first;
      return index - first;
    }
    const size = Math.min(MAX_SPAN, Math.max(this.counts.length * 2, hi - lo + 1 + 16));
    // the room goes to the side that grew
    const first = index < this.first ? hi - size + 1 : lo;
    const bigger = new Uint32Array(size);
    bigger.set(this.counts, this.first - first);
    this.counts = bigger;
    this.first = first;
    return index - first;
  }
}
