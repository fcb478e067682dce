import { describe, expect, it } from 'vitest';
import { collectNow } from '../../lib/read/memory';

const MiB = 2 ** 20;

describe("a reader's memory bound", () => {
  it('collects once the resident set passes 144 MiB, then again only once the heap grew 8 MiB past what the last collection left', () => {
    // below the bound: nothing to do, whatever the heap holds
    expect(collectNow(143 * MiB, 100 * MiB, 0)).toBe(false);
    // past it, the first time
    expect(collectNow(144 * MiB, 40 * MiB, 0)).toBe(true);
    // a fleet's page: 90 MiB of heap live after the last collection, the resident set above the bound
    // for good: no collection until 8 MiB of garbage have come
    expect(collectNow(200 * MiB, 90 * MiB, 90 * MiB)).toBe(false);
    expect(collectNow(200 * MiB, 97 * MiB, 90 * MiB)).toBe(false);
    expect(collectNow(200 * MiB, 98 * MiB, 90 * MiB)).toBe(true);
    // the resident set counts for the bound, the heap for the garbage: a resident set that stays high
    // after a collection (freed pages not yet given back) does not raise the mark
    expect(collectNow(260 * MiB, 55 * MiB, 50 * MiB)).toBe(false);
  });
});
