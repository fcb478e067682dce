/**
 * Numbers kept as they come, in a typed array that doubles when full: a report over a fleet's month
 * keeps millions, and in a typed array none is boxed and the collector has nothing to trace or copy.
 */
export class NumberList {
  private buffer = new Float64Array(16);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(n: number): void {
    if (this.count === this.buffer.length) {
      const bigger = new Float64Array(this.count * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.count++] = n;
  }

  /** The numbers in the order they came: a view, not a copy. */
  all(): Float64Array {
    return this.buffer.subarray(0, this.count);
  }
}
