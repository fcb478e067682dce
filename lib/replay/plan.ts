import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UsageError } from '../core/errors';
import { toNumber } from '../format/parse';
import { readSamples, type ReadSample } from '../read/samples';
import { parseMeminfo } from '../sources/meminfo';
import type { Calibration } from './calibration';
import { stepsOf, type Step } from './replay';
import { calibrationOf, loadCalibration, proportional } from './saved';

/** What a replay will do: one host's steps, and both machines' calibration tables (`how` says which were found). */
export interface ReplayPlan {
  readonly host: string;
  readonly steps: Step[];
  readonly source: Calibration;
  readonly here: Calibration;
  readonly how: string;
}

/**
 * Reads one host's samples from the logs (the only host there, or `host`), turns them into steps, and
 * finds both machines' calibration. No samples, several hosts without `host`, nothing with an interval,
 * or (with memory) more memory than this machine has available: a UsageError that says what to do.
 */
export async function planReplay(opts: {
  readonly files: readonly string[];
  readonly ident: string;
  readonly host?: string | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly withMemory: boolean;
  readonly calibrationPath: string;
  readonly warn: (line: string) => void;
}): Promise<ReplayPlan> {
  const all = await readSamples(opts.files, {
    ident: opts.ident,
    warn: opts.warn,
    ...(opts.host === undefined ? {} : { hosts: [opts.host] }),
    ...(opts.since === undefined ? {} : { since: opts.since }),
    ...(opts.until === undefined ? {} : { until: opts.until }),
  });
  const hosts = [...new Set(all.map((s) => s.host))];
  if (hosts.length === 0)
    throw new UsageError(
      opts.host === undefined
        ? 'replay: no samples in the logs'
        : `replay: no samples of host ${opts.host} in the logs`,
    );
  if (hosts.length > 1)
    throw new UsageError(`replay: the logs hold ${hosts.length} hosts (${hosts.join(', ')}); name one with --host`);
  const host = hosts[0] as string;
  const steps = stepsOf(all);
  if (steps.length === 0) throw new UsageError(`replay: no sample of ${host} has an interval to replay`);
  if (opts.withMemory) requireMemory(steps);
  return { host, steps, ...calibrations(all, opts.calibrationPath) };
}

/**
 * The memory the replay would hold (the recorded use above the first sample's) must fit in what this
 * machine has available, with room to spare: else nothing is replayed, and the error says what to do.
 */
function requireMemory(steps: readonly Step[]): void {
  const used = steps.flatMap((s) => (s.memBytes === undefined ? [] : [s.memBytes]));
  if (used.length === 0) return;
  const hold = used.reduce((a, b) => Math.max(a, b), -Infinity) - (used[0] as number);
  const available = Number(parseMeminfo(readFileSync('/proc/meminfo', 'utf8')).get('MemAvailable') ?? Number.NaN);
  if (!Number.isFinite(available) || hold <= available * 0.8) return;
  const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
  throw new UsageError(
    `replay: the recording holds up to ${gib(hold)} of memory above its start, and this machine has ${gib(available)} available; fix: replay a part with --since/--until, leave memory out with --only cpu,disk, or replay on a bigger machine`,
  );
}

/** Both machines' tables: this one's from calibration.json, the host's from its `calibrate` line; a missing one is taken as the other's (or as proportional). */
function calibrations(
  samples: readonly ReadSample[],
  path: string,
): { source: Calibration; here: Calibration; how: string } {
  const hereSaved = loadCalibration(path);
  const sourceSaved = calibrationOf(samples);
  const hereCores = availableParallelism();
  const lastCount = [...samples]
    .reverse()
    .map((s) => toNumber(s.values.get('cpu.count') ?? ''))
    .find((n) => n !== undefined);
  const sourceCores = sourceSaved?.cores ?? lastCount ?? hereCores;
  if (hereSaved && sourceSaved)
    return { source: sourceSaved, here: hereSaved, how: 'scaled by the calibration tables of both machines' };
  if (hereSaved)
    return {
      source: { cores: sourceCores, table: hereSaved.table },
      here: hereSaved,
      how: `no table of the recorded host in the logs: its cores (${sourceCores}) taken as fast as this machine's`,
    };
  if (sourceSaved)
    return {
      source: sourceSaved,
      here: { cores: hereCores, table: sourceSaved.table },
      how: `this machine is not calibrated (flightlog calibrate): its cores (${hereCores}) taken as fast as the recorded host's`,
    };
  return {
    source: proportional(sourceCores),
    here: proportional(hereCores),
    how: `neither machine is calibrated: ${sourceCores} recorded core(s) onto ${hereCores} here, core for core`,
  };
}
