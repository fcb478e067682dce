import { EncodeError } from '../format/line';
import type { Sample } from '../core/sample';

/**
 * A destination for samples. `write` delivers them in order and resolves with how many of the first
 * ones it delivered (nothing, or the count, when it took all): an output catching up after an outage
 * may take fewer within its time limit, and the rest wait for the next run. When it cannot go on it
 * rejects, with an OutputFailure saying how many of the first samples did arrive (any other error
 * means none did).
 */
export interface Output {
  readonly name: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: an output that took everything resolves with nothing, as an async function does
  write(samples: readonly Sample[]): Promise<number | void>;
}

export class OutputFailure extends Error {
  /**
   * @param delivered how many of the first samples arrived whole
   * @param partLines of the sample after them, how many of its first lines (or messages) arrived (an
   *   output that stopped mid-sample): the spool keeps that count, so those are not sent twice
   * @param rejected the sample after them was refused for its content (it would be refused again,
   *   forever): it is set aside, and the samples after it are sent on
   * @param refusedPart of that sample, the part that was refused, where the rest was taken (InfluxDB's
   *   partial write): only it is set aside
   */
  constructor(
    message: string,
    readonly delivered: number,
    readonly partLines = 0,
    readonly rejected = false,
    readonly refusedPart?: Sample,
  ) {
    super(message);
    this.name = 'OutputFailure';
  }
}

/** The text lines of each sample, or an OutputFailure that rejects the first sample whose lines cannot be made. */
export function linesOfEach<T>(samples: readonly Sample[], linesOf: (sample: Sample) => T[]): T[][] {
  return samples.map((sample, i) => {
    try {
      return linesOf(sample);
    } catch (err) {
      // only a sample that cannot be encoded is refused for good; any other error is the program's, and the sample waits
      if (!(err instanceof EncodeError)) throw new OutputFailure((err as Error).message, i);
      throw new OutputFailure(`sample ${sample.xid} cannot be written: ${err.message}`, i, 0, true);
    }
  });
}
