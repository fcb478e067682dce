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
  constructor(message: string, readonly delivered: number) {
    super(message);
    this.name = 'OutputFailure';
  }
}
