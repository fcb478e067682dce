import { Worker } from 'node:worker_threads';
import { LEVELS, type Calibration } from './calibration';
import { WORKER_SOURCE } from './worker-source';
import { sleep } from '../core/sleep';

/** USER_HZ: the ticks of /proc/<pid>/stat CPU times. */
const TICKS_PER_S = 100;

/** Measures one core at each level (a worker thread running the generator), `levelMs` each. */
export function calibrateCore(cores: number, levelMs: number): Promise<Calibration> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mode: 'calibrate', levels: LEVELS, levelMs },
    });
    worker.once('message', (table: Array<[number, number]>) => {
      void worker.terminate();
      resolve({ cores, table });
    });
    worker.once('error', reject);
  });
}

/** One generator thread per core, all kept at the same busy share; their own CPU time is what they did. */
export class CpuLoad {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly cpu: Float64Array;
  private readonly workers: Worker[];

  constructor(readonly threads: number) {
    this.cpu = new Float64Array(new SharedArrayBuffer(8 * threads));
    this.workers = Array.from(
      { length: threads },
      (_, index) =>
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { mode: 'generate', control: this.control.buffer, cpu: this.cpu.buffer, index },
        }),
    );
  }

  /** Once every thread runs and has reported (its isolate set up: the memory it takes is then taken). */
  async ready(): Promise<void> {
    while (this.cpu.some((ticks) => ticks === 0) && this.workers.length > 0) {
      // a thread reports after its first slot; one that has used no CPU tick yet reports 0, so nudge it
      this.setBusy(Math.max(1, Atomics.load(this.control, 0) / 10));
      await sleep(20);
    }
    this.setBusy(0);
  }

  /** Every thread busy for `pct` % of the time from now on. */
  setBusy(pct: number): void {
    Atomics.store(this.control, 0, Math.round(Math.max(0, Math.min(100, pct)) * 10));
  }

  /** CPU seconds the generator threads have used so far (as of their last report, at most a slot ago). */
  cpuSeconds(): number {
    return this.cpu.reduce((a, b) => a + b, 0) / TICKS_PER_S;
  }

  async stop(): Promise<void> {
    Atomics.store(this.control, 1, 1);
    await Promise.all(this.workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
  }
}
