import type { Sample } from '../sample/types';

/** A destination for samples. `write` resolves once every sample is delivered and rejects if any was not. */
export interface Output {
  readonly name: string;
  write(samples: readonly Sample[]): Promise<void>;
}
