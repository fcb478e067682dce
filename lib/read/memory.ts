import { runInNewContext } from 'node:vm';
import { setV8Flag } from '../core/v8-flag';

/**
 * What a reader may hold before it collects its garbage at once. On a machine with gigabytes of memory
 * V8 lets the heap of a long read grow to hundreds of MiB of garbage before it collects it; a reader's
 * live data is a few dozen MiB (its window of open samples, one sketch per key), so a full collection
 * whenever the resident set passes this keeps the peak near it at a cost of a few percent of the time.
 */
const COLLECT_ABOVE_BYTES = 144 * 2 ** 20;
/** Checked once per this many bytes read. */
const CHECK_EVERY_BYTES = 8 * 2 ** 20;

let collect: (() => void) | undefined;
let sinceCheck = 0;

/** Told of the bytes read: collects the garbage when the process holds more than COLLECT_ABOVE_BYTES. */
export function readBytes(bytes: number): void {
  sinceCheck += bytes;
  if (sinceCheck < CHECK_EVERY_BYTES) return;
  sinceCheck = 0;
  if (process.memoryUsage.rss() < COLLECT_ABOVE_BYTES) return;
  if (collect === undefined) {
    // V8's gc() is offered to a new context once the flag is set
    setV8Flag('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
