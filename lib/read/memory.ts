import { runInNewContext } from 'node:vm';
import { setV8Flag } from '../core/v8-flag';

/**
 * What a reader may hold before it collects its garbage at once. On a machine with gigabytes of memory
 * V8 lets the heap of a long read grow to hundreds of MiB of garbage before it collects it; a reader's
 * live data is a few dozen MiB (its window of open samples, one sketch per key, a page's buckets), so a
 * full collection whenever the resident set passes this keeps the peak near it at a cost of a few
 * percent of the time.
 */
const COLLECT_ABOVE_BYTES = 144 * 2 ** 20;
/**
 * Where what is live alone passes COLLECT_ABOVE_BYTES (a fleet's page), a collection is done again only
 * once V8's heap holds this much more than just after the last one: collecting when there is no garbage
 * to take costs tens of milliseconds and gives nothing back. (The heap's figure, not the resident set's:
 * what a collection frees stays resident for a while, and would raise the mark each time.)
 */
const REGROWTH_BYTES = 8 * 2 ** 20;
/** Checked once per this many bytes read. */
const CHECK_EVERY_BYTES = 8 * 2 ** 20;

let collect: (() => void) | undefined;
let sinceCheck = 0;
/** V8's heap in use just after the last collection */
let afterLast = 0;
let youngKept = false;

/**
 * Keeps V8's young generation at its first size (two 1 MiB halves) for the rest of the run. A reader
 * allocates a sample's strings and maps by the million, nearly all dead within a sample; V8 grows the
 * young generation under that load to 32 MiB that never shrinks (a fleet's `report --html`: 100 MiB of
 * heap instead of 66, for the same live data and the same time).
 */
function keepYoungSmall(): void {
  if (youngKept) return;
  youngKept = true;
  setV8Flag('--semi-space-growth-factor=1');
}

/**
 * Whether a process holding `rss` bytes, with `heapUsed` bytes of V8's heap in use and `afterLast` in
 * use just after its last collection (0: none yet), collects now.
 */
export const collectNow = (rss: number, heapUsed: number, afterLast: number): boolean =>
  rss >= COLLECT_ABOVE_BYTES && heapUsed >= afterLast + REGROWTH_BYTES;

/** Collects the garbage when collectNow says so. */
export function keepBounded(): void {
  keepYoungSmall();
  const { rss, heapUsed } = process.memoryUsage();
  if (!collectNow(rss, heapUsed, afterLast)) return;
  if (collect === undefined) {
    // V8's gc() is offered to a new context once the flag is set
    setV8Flag('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  afterLast = process.memoryUsage().heapUsed;
}

/** Told of the bytes read: keeps the memory bounded (keepBounded) once per CHECK_EVERY_BYTES. */
export function readBytes(bytes: number): void {
  keepYoungSmall();
  sinceCheck += bytes;
  if (sinceCheck < CHECK_EVERY_BYTES) return;
  sinceCheck = 0;
  keepBounded();
}
