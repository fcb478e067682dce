/**
 * A key's values over time in buckets of one width, each with its min, max, sum and count: what a page
 * draws of a period too long to draw every sample (a month of a fleet), a band from min to max with the
 * mean as its line, so that a peak is never averaged away. The width is one of WIDTHS_S, and each is a
 * whole multiple of the one before, so that a coarser width merges buckets exactly.
 */
export const WIDTHS_S = [1, 2, 10, 30, 60, 120, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800] as const;

export class Buckets {
  /** bucket numbers (time ÷ width), ascending */
  readonly index: number[] = [];
  readonly min: number[] = [];
  readonly max: number[] = [];
  readonly sum: number[] = [];
  readonly count: number[] = [];

  get length(): number {
    return this.index.length;
  }

  /** Adds a value to bucket `at`; returns the buckets made (0 or 1). Samples come in time order mostly: an earlier one is put in its place. */
  add(at: number, value: number, count = 1): number {
    let i = this.index.length - 1;
    if (i < 0 || (this.index[i] as number) < at) {
      this.push(this.index.length, at, value, count);
      return 1;
    }
    if (this.index[i] !== at) i = this.find(at);
    if (this.index[i] === at) {
      this.min[i] = Math.min(this.min[i] as number, value);
      this.max[i] = Math.max(this.max[i] as number, value);
      this.sum[i] = (this.sum[i] as number) + value * count;
      this.count[i] = (this.count[i] as number) + count;
      return 0;
    }
    this.push(i, at, value, count);
    return 1;
  }

  /** Merges the buckets into ones `factor` times as wide; returns how many fewer there are. */
  coarsen(factor: number): number {
    const before = this.index.length;
    let out = -1;
    for (let i = 0; i < before; i++) {
      const at = Math.floor((this.index[i] as number) / factor);
      if (out >= 0 && this.index[out] === at) {
        this.min[out] = Math.min(this.min[out] as number, this.min[i] as number);
        this.max[out] = Math.max(this.max[out] as number, this.max[i] as number);
        this.sum[out] = (this.sum[out] as number) + (this.sum[i] as number);
        this.count[out] = (this.count[out] as number) + (this.count[i] as number);
        continue;
      }
      out++;
      this.index[out] = at;
      this.min[out] = this.min[i] as number;
      this.max[out] = this.max[i] as number;
      this.sum[out] = this.sum[i] as number;
      this.count[out] = this.count[i] as number;
    }
    for (const list of [this.index, this.min, this.max, this.sum, this.count]) list.length = out + 1;
    return before - (out + 1);
  }

  /** The first position whose bucket is at or after `at` (binary search). */
  private find(at: number): number {
    let lo = 0;
    let hi = this.index.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.index[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private push(i: number, at: number, value: number, count: number): void {
    if (i === this.index.length) {
      this.index.push(at);
      this.min.push(value);
      this.max.push(value);
      this.sum.push(value * count);
      this.count.push(count);
      return;
    }
    this.index.splice(i, 0, at);
    this.min.splice(i, 0, value);
    this.max.splice(i, 0, value);
    this.sum.splice(i, 0, value * count);
    this.count.splice(i, 0, count);
  }
}
