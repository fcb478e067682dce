import { errorText } from '../core/errors';
import type { Sample } from '../core/sample';
import { timed, type Timings } from '../core/timings';
import type { Spool } from '../outputs/spool';
import { OutputFailure, type Output } from '../outputs/types';

/** What delivery did: the exit status it calls for, and what it dropped from a full spool or set aside as refused. */
export interface Delivery {
  readonly exitCode: 0 | 3;
  readonly dropped: number;
  readonly rejected: number;
}

/**
 * Sends each output the samples it missed (its spool) and then this one. What an output took leaves
 * its spool; what it could not take stays there, in order, for the next run, so nothing is lost and
 * nothing sent twice. A sample an output refused for its content is set aside (Spool.setAside) and the
 * ones after it are sent on, so one bad sample never blocks the rest. An output that is catching up
 * may take only the oldest part of its spool within its time limit: it made progress and the rest
 * waits, which is not a failure. Exit 3 when no output took this sample or made such progress.
 */
export async function deliver(
  sample: Sample,
  outputs: readonly Output[],
  spoolOf: (output: string) => Spool,
  warn: (line: string) => void,
  timings?: Timings,
): Promise<Delivery> {
  let dropped = 0;
  let rejected = 0;
  const took = await Promise.all(
    outputs.map((output) => timed(timings, `deliver.${output.name}`, () => toOutput(output))),
  );
  return { exitCode: took.some(Boolean) ? 0 : 3, dropped, rejected };

  /** Whether this output took the sample, or made progress on its spool. */
  async function toOutput(output: Output): Promise<boolean> {
    const spool = spoolOf(output.name);
    let pending = [...spool.load(), sample];
    const spooledBefore = pending.length > 1;
    for (;;) {
      let delivered = pending.length;
      let failure: Error | undefined;
      try {
        const n = await output.write(pending);
        if (typeof n === 'number') delivered = n;
      } catch (err) {
        failure = err as Error;
        delivered = err instanceof OutputFailure ? err.delivered : 0;
        const poison = pending[delivered];
        if (err instanceof OutputFailure && err.rejected && poison !== undefined) {
          rejected++;
          const refused = err.refusedPart ?? poison;
          try {
            spool.setAside(refused);
            const what =
              refused === poison ? `sample xid=${poison.xid}` : `part of sample xid=${poison.xid} (it took the rest)`;
            warn(
              `output ${output.name} refused ${what} for good (${err.message}); it is set aside in its spool's ${output.name}.rejected.jsonl`,
            );
          } catch (keep) {
            warn(
              `output ${output.name} refused sample xid=${poison.xid} for good (${err.message}), and it could not be set aside (${errorText(keep)}): it is dropped`,
            );
          }
          pending = pending.slice(delivered + 1);
          if (pending.length > 0) continue;
          if (spooledBefore) spool.clear();
          return poison !== sample;
        }
      }
      const left = pending.slice(delivered);
      const tookThis = !left.includes(sample);
      const [first] = left;
      // a sample this output took part of keeps the count, and the rest is all it is sent next time
      const partLines = failure instanceof OutputFailure ? failure.partLines : 0;
      if (first !== undefined && partLines > 0) left[0] = { ...first, linesSent: (first.linesSent ?? 0) + partLines };
      let kept = 0;
      try {
        if (left.length === 0) {
          if (spooledBefore) spool.clear();
        } else {
          const droppedNow = spool.store(left);
          dropped += droppedNow;
          kept = left.length - droppedNow;
          if (droppedNow > 0) warn(`spool of output ${output.name} is full: ${droppedNow} oldest sample(s) dropped`);
        }
      } catch (err) {
        // the spool file is as it was: what it held still waits; this run's sample, not in it, is lost for this output
        const lost = left.includes(sample) ? 1 : 0;
        dropped += lost;
        kept = left.length - lost;
        warn(
          `output ${output.name}: its spool could not be written (${errorText(err)}): ${lost} sample(s) lost for it, counted on the next run line`,
        );
      }
      if (failure !== undefined)
        warn(`output ${output.name} failed: ${failure.message}; ${kept} sample(s) wait in its spool`);
      return failure === undefined ? delivered > 0 : tookThis;
    }
  }
}
