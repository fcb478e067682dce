import type { Sample } from '../sample/types';

/**
 * A destination for samples. `write` resolves once every sample is delivered, in order; when it
 * cannot go on it rejects, with an OutputFailure saying how many of the first samples did arrive
 * (any other error means none did).
 */
export interface Output {
  readonly name: string;
  write(samples: readonly Sample[]): Promise<void>;
}

export class OutputFailure extends Error {
  /**
   * @param delivered how many of the first samples arrived whole
   * @param partLines of the sample after them, how many of its first lines arrived (a line output
   *   that stopped mid-sample): the spool keeps that count, so those lines are not sent twice
   */
  constructor(message: string, readonly delivered: number, readonly partLines = 0) {
    super(message);
    this.name = 'OutputFailure';
  }
}
