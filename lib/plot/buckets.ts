/**
 * A key's values over time in buckets of one width, each with its min, max, sum and count: what a page
 * draws of a period too long to draw every sample (a month of a fleet), a band from min to max with the
 * mean as its line, so that a peak is never averaged away. The width is one of WIDTHS_S, and each is a
 * whole multiple of the one before, so that a coarser width merges buckets exactly. The buckets are
 * held in typed arrays, 36 bytes each: a page holds hundreds of thousands of them.
 */
export const WIDTHS_S = [1, 2, 10, 30, 60, 120, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800] as const;

export class Buckets {
  /** bucket numbers (time ÷ width), ascending, in the first `length` places of each array */
  index = new Float64Array(4);
  min = new Float64Array(4);
  max = new Float64Array(4);
  sum = new Float64Array(4);
  count = new Uint32Array(4);
  length = 0;

  /** Adds a value to bucket `at` (`count` times); returns the buckets made (0 or 1). Samples come in time order mostly: an earlier one is put in its place. */
  add(at: number, value: number, count = 1): number {
    let i = this.length - 1;
    if (i < 0 || (this.index[i] as number) < at) {
      this.insert(this.length, at, value, count);
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
    this.insert(i, at, value, count);
    return 1;
  }

  /** Merges the buckets into ones `factor` times as wide; returns how many fewer there are. */
  coarsen(factor: number): number {
    const before = this.length;
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
    this.length = out + 1;
    return before - this.length;
  }

  /** The buckets as plain rows, for a test to compare. */
  rows(): Array<[number, number, number, number, number]> {
    return Array.from({ length: this.length }, (_, i) => [
      this.index[i] as number,
      this.min[i] as number,
      this.max[i] as number,
      this.sum[i] as number,
      this.count[i] as number,
    ]);
  }

  /** The first position whose bucket is at or after `at` (binary search). */
  private find(at: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.index[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A new bucket at position i, the ones from i on moved one place up; the arrays grow by half when full. */
  private insert(i: number, at: number, value: number, count: number): void {
    if (this.length === this.index.length) {
      const size = Math.ceil(this.length * 1.5) + 4;
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.index = grow(this.index, (n) => new Float64Array(n));
      this.min = grow(this.min, (n) => new Float64Array(n));
      this.max = grow(this.max, (n) => new Float64Array(n));
      this.sum = grow(this.sum, (n) => new Float64Array(n));
      this.count = grow(this.count, (n) => new Uint32Array(n));
    }
    if (i < this.length) {
      for (const a of [this.index, this.min, this.max, this.sum, this.count]) a.copyWithin(i + 1, i, this.length);
    }
    this.index[i] = at;
    this.min[i] = value;
    this.max[i] = value;
    this.sum[i] = value * count;
    this.count[i] = count;
    this.length++;
  }
}
