import fc from 'fast-check';
import type { Reading } from '../../lib/core/reading';
import type { Field } from '../../lib/core/sample';
import type { ModuleBaseline } from '../../lib/derive/delta';
import { deriveModule } from '../../lib/derive/index';
import type { Derivation } from '../../lib/derive/types';

/**
 * Generated counter histories for the property tests: a true history (what really happened in each
 * interval), what the kernel showed of it (wraps, restarts, offline CPUs), and the run of the real
 * derive code over what it showed, step by step, each against the previous step's readings.
 */

/** How many cases a property runs: a few hundred in the fast tier, more under `npm run test:fuzz`. */
export const RUNS = Number(process.env.FLIGHTLOG_FUZZ_RUNS ?? 200);
/** A fixed seed under `test:fuzz` (FLIGHTLOG_FUZZ_SEED), so that CI's run is the same every time. */
export const SEED = process.env.FLIGHTLOG_FUZZ_SEED === undefined ? undefined : Number(process.env.FLIGHTLOG_FUZZ_SEED);
export const fcOptions = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

export const TWO_32 = 2n ** 32n;

/** One step of a run: the readings the kernel showed and the seconds since the step before. */
export interface Step {
  readonly elapsedS: number;
  readonly readings: readonly Reading[];
}

/** Runs the module's deriver over the steps: the fields of every step after the first, as a map key → value. */
export function derived(
  module: string,
  derivation: Derivation,
  steps: readonly Step[],
  kernelBits: 32 | 64,
): Array<Map<string, number | string>> {
  let uptimeS = 1000;
  let baseline: ModuleBaseline | undefined;
  const out: Array<Map<string, number | string>> = [];
  steps.forEach((step, i) => {
    uptimeS += step.elapsedS;
    if (i > 0) {
      const fields: Field[] = deriveModule(module, derivation, step.readings, baseline, {
        uptimeS,
        kernelBits,
        withRates: true,
      });
      out.push(new Map(fields));
    }
    baseline = {
      uptimeS,
      subjects: new Map(
        step.readings.map((r) => [
          r.subject ?? '',
          r.identity === undefined ? { counters: r.counters } : { counters: r.counters, identity: r.identity },
        ]),
      ),
    };
  });
  return out;
}

/** The physical invariants every written value keeps: finite, not negative, a share within 0–100. */
export function assertPhysical(fields: ReadonlyMap<string, number | string>): void {
  for (const [key, value] of fields) {
    if (typeof value !== 'number') continue;
    if (!Number.isFinite(value)) throw new Error(`${key}=${value} is not a finite number`);
    if (value < 0) throw new Error(`${key}=${value} is negative`);
    if (key.endsWith('_pct') && value > 100) throw new Error(`${key}=${value} is above 100`);
  }
}

/** A written value equal to the truth, to the last bits a double keeps. */
export function assertTrue(key: string, written: number | string | undefined, truth: number): void {
  if (typeof written !== 'number') throw new Error(`${key} was not written (truth ${truth})`);
  if (Math.abs(written - truth) > Math.max(1e-9, Math.abs(truth) * 1e-9))
    throw new Error(`${key}=${written}, truly ${truth}`);
}

/** The seconds between runs: a second, a minute, ten minutes, an hour. */
export const interval = fc.constantFrom(1, 60, 600, 3600);

/** A counter's start: anywhere below 2^32, so that wraps happen within a few steps. */
export const start32 = fc.bigInt({ min: 0n, max: TWO_32 - 1n });
