import type { Field } from '../core/sample';
import type { State } from '../state/store';

/** The version of the line format: adding keys keeps it, renaming or removing one bumps it. */
export const LINE_FORMAT_VERSION = 1;

/**
 * The run line (`run.*`, README "What the lines mean"): what this run was, from the state before it
 * and what the earlier stages found.
 */
export function runLine(r: {
  readonly version: string;
  readonly prev: State | undefined;
  readonly sameBoot: boolean;
  readonly intervalS: number | undefined;
  /** missed runs, counted only against the previous run's own sample (same boot, uptime not back) */
  readonly missed: number | undefined;
  /** with a module's raw counters: the /proc/uptime they were read at and the kernel's word size */
  readonly raw: { readonly uptimeS: number; readonly kernelBits: number } | undefined;
  readonly durationMs: number;
  readonly errors: number;
  readonly more: readonly Field[];
}): Field[] {
  const { prev } = r;
  const run: Field[] = [
    ['run.v', LINE_FORMAT_VERSION],
    ['run.version', r.version],
  ];
  if (r.intervalS !== undefined) run.push(['run.interval_s', r.intervalS]);
  run.push(['run.first', r.sameBoot ? 0 : 1]);
  if (prev !== undefined) run.push(['run.boot', r.sameBoot ? 'same' : 'new']);
  if (r.missed !== undefined) run.push(['run.missed', r.missed]);
  if (r.raw !== undefined) run.push(['run.uptime_s', r.raw.uptimeS], ['run.kernel_bits', r.raw.kernelBits]);
  run.push(['run.duration_ms', Math.round(r.durationMs)], ['run.errors', r.errors], ...r.more);
  // what the previous run's delivery dropped from a full spool or set aside as refused, so the log says it too
  if (prev?.delivery !== undefined && prev.delivery.spoolDropped > 0)
    run.push(['run.spool_dropped_new', prev.delivery.spoolDropped]);
  if (prev?.delivery !== undefined && prev.delivery.rejected > 0)
    run.push(['run.rejected_new', prev.delivery.rejected]);
  return run;
}
