/**
 * A key's values over time in buckets of one width, each with its min, max, sum and count: what a page
 * draws of a period too long to draw every sample (a month of a fleet), a band from min to max with the
 * mean as its line, so that a peak is never averaged away. The width is one of WIDTHS_S, and each is a
 * whole multiple of the one before, so that a coarser width merges buckets exactly. The buckets are
 * held in one array of numbers, five each (8 bytes a number, as in a typed array): a page holds hundreds
 * of thousands of them. An array of V8's heap, not a typed array: what a line's growth leaves behind is
 * the heap's garbage, collected with the rest, where a typed array's would pile up in malloc's memory
 * until V8 counted tens of MiB of it.
 */
export const WIDTHS_S = [
  1, 2, 10, 30, 60, 120, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 172_800, 345_600, 691_200, 1_382_400,
] as const;

/** A bucket's numbers, in this order: its number (time ÷ width), min, max, sum, count. */
const STRIDE = 5;
const [INDEX, MIN, MAX, SUM, COUNT] = [0, 1, 2, 3, 4] as const;

export class Buckets {
  private data: number[] = [];
  /** how many buckets there are, in ascending order of their numbers */
  length = 0;

  index(i: number): number {
    return this.data[i * STRIDE + INDEX] as number;
  }
  min(i: number): number {
    return this.data[i * STRIDE + MIN] as number;
  }
  max(i: number): number {
    return this.data[i * STRIDE + MAX] as number;
  }
  sum(i: number): number {
    return this.data[i * STRIDE + SUM] as number;
  }
  count(i: number): number {
    return this.data[i * STRIDE + COUNT] as number;
  }

  /** Adds a value to bucket `at` (`count` times); returns the buckets made (0 or 1). Samples come in time order mostly: an earlier one is put in its place. */
  add(at: number, value: number, count = 1): number {
    let i = this.length - 1;
    if (i < 0 || this.index(i) < at) {
      this.insert(this.length, at, value, count);
      return 1;
    }
    if (this.index(i) !== at) i = this.find(at);
    if (i < this.length && this.index(i) === at) {
      const d = this.data;
      const o = i * STRIDE;
      d[o + MIN] = Math.min(d[o + MIN] as number, value);
      d[o + MAX] = Math.max(d[o + MAX] as number, value);
      d[o + SUM] = (d[o + SUM] as number) + value * count;
      d[o + COUNT] = (d[o + COUNT] as number) + count;
      return 0;
    }
    this.insert(i, at, value, count);
    return 1;
  }

  /** Merges the buckets into ones `factor` times as wide; returns how many fewer there are. */
  coarsen(factor: number): number {
    const d = this.data;
    const before = this.length;
    let out = -1;
    for (let i = 0; i < before; i++) {
      const o = i * STRIDE;
      const at = Math.floor((d[o + INDEX] as number) / factor);
      const p = out * STRIDE;
      if (out >= 0 && d[p + INDEX] === at) {
        d[p + MIN] = Math.min(d[p + MIN] as number, d[o + MIN] as number);
        d[p + MAX] = Math.max(d[p + MAX] as number, d[o + MAX] as number);
        d[p + SUM] = (d[p + SUM] as number) + (d[o + SUM] as number);
        d[p + COUNT] = (d[p + COUNT] as number) + (d[o + COUNT] as number);
        continue;
      }
      out++;
      d.copyWithin(out * STRIDE, o, o + STRIDE);
      d[out * STRIDE + INDEX] = at;
    }
    this.length = out + 1;
    // what merging freed is given back
    d.length = this.length * STRIDE;
    return before - this.length;
  }

  /** The first position whose bucket is at or after `at` (binary search). */
  private find(at: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.index(mid) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A new bucket at position i, the ones from i on moved one place up. */
  private insert(i: number, at: number, value: number, count: number): void {
    if (i === this.length) this.data.push(at, value, value, value * count, count);
    else this.data.splice(i * STRIDE, 0, at, value, value, value * count, count);
    this.length++;
  }
}
