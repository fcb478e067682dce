import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELATIVE_ERROR, ValueSketch } from '../../lib/read/sketch';
import { fcOptions } from '../derive/history';

const nearestRank95 = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1] as number;

describe("the sketch of a key's numbers", () => {
  it('is exact up to 64 numbers: count, sum, min, max and the nearest-rank p95', () => {
    const s = new ValueSketch();
    // 1..60: p95 is the 57th smallest (0.95 × 60 = 57), 57
    for (let i = 60; i >= 1; i--) s.push(i);
    expect([s.count, s.sum, s.min, s.max, s.p95()]).toEqual([60, 1830, 1, 60, 57]);
  });

  it('keeps p95 within 1 % of the nearest rank past that, for any numbers, negative and zero too', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(0), fc.integer({ min: 0, max: 100 })),
          { minLength: 65, maxLength: 3000 },
        ),
        (xs) => {
          const s = new ValueSketch();
          for (const x of xs) s.push(x);
          const truth = nearestRank95(xs);
          expect(Math.abs((s.p95() as number) - truth)).toBeLessThanOrEqual(RELATIVE_ERROR * Math.abs(truth) + 1e-9);
          expect([s.count, s.min, s.max]).toEqual([xs.length, Math.min(...xs), Math.max(...xs)]);
        },
      ),
      { ...fcOptions, numRuns: Math.min(fcOptions.numRuns, 300) },
    );
  });

  it('holds a few hundred buckets, not the numbers: a month of a percentage', () => {
    const s = new ValueSketch();
    for (let i = 0; i < 100_000; i++) s.push(((i * 7919) % 10_000) / 100);
    // 0.01 … 99.99 spans four decades: at most log(10^4) / log(γ) + 1 buckets, γ = 1.01 / 0.99 (461)
    const gamma = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    expect((s as unknown as { positive: { size: number } }).positive.size).toBeLessThanOrEqual(
      Math.ceil(Math.log(1e4) / Math.log(gamma)) + 1,
    );
  });

  it('keeps p95 within 1 % over numbers that span more than its widest run of buckets, in memory that stays bounded', () => {
    // 1e-300 … 1e300 in a random order: 13,800 buckets' worth of range against a run of 8,192
    const xs = Array.from({ length: 5000 }, (_, i) => 10 ** (((i * 7919) % 601) - 300));
    const s = new ValueSketch();
    for (const x of xs) s.push(x);
    const truth = nearestRank95(xs);
    expect(Math.abs((s.p95() as number) - truth)).toBeLessThanOrEqual(RELATIVE_ERROR * truth);
    expect((s as unknown as { positive: { counts: Uint32Array } }).positive.counts.length).toBeLessThanOrEqual(8192);
  });
});
