import { monotonicMs } from './clock';

/**
 * Where one run's time went, stage by stage, in milliseconds (`sample -vv`, and the bench's breakdown).
 * The first stage, start-up, is the time from the process's start to this object: Node's own start and
 * loading the program. Laps follow one another; a measured piece of work (one module's read, which
 * overlaps the others') is timed apart and named inside its lap (`read.cpu` within `read`).
 */
export class Timings {
  readonly stages: Array<[string, number]> = [['start-up', process.uptime() * 1000]];
  private mark = monotonicMs();

  /** The time since the last lap as `stage`. */
  lap(stage: string): void {
    const now = monotonicMs();
    this.stages.push([stage, now - this.mark]);
    this.mark = now;
  }

  /** Settles like `work()`, recording how long it took, from its first synchronous step, as `stage`. */
  async measure<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = monotonicMs();
    try {
      return await work();
    } finally {
      this.stages.push([stage, monotonicMs() - started]);
    }
  }

  /** `start-up=21.4 config=0.9 … total=48.2`: every stage, and the process's whole time so far. */
  line(): string {
    return [...this.stages, ['total', process.uptime() * 1000] as const]
      .map(([stage, ms]) => `${stage}=${ms.toFixed(1)}`)
      .join(' ');
  }
}

/** `work()`, timed as `stage` when there are timings. */
export const timed = <T>(timings: Timings | undefined, stage: string, work: () => Promise<T>): Promise<T> =>
  timings === undefined ? work() : timings.measure(stage, work);
