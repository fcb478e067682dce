import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors';
import { toNumber } from '../format/parse';
import { textTable } from '../format/table';
import { formatNumber } from '../format/value';
import type { Calibration } from '../replay/calibration';
import { RESOURCES, replay, stepsOf, type ReplayResult, type Resource, type Step } from '../replay/replay';
import { calibrationOf, calibrationPath, loadCalibration, proportional } from '../replay/saved';
import { agreement, type Agreement } from '../replay/stats';
import { writeStdout } from '../outputs/stdout';
import { findLogs } from '../read/files';
import { readSamples, type ReadSample } from '../read/samples';
import { parseWhen } from '../read/select';
import { resolveConfig, type CommonArgs } from './options';
import { say } from '../core/say';

export interface ReplayArgs extends CommonArgs {
  /** --log (or --from): one path, or several */
  readonly log?: string | readonly string[];
  readonly host?: string;
  readonly speed: number;
  readonly only?: string;
  readonly validate?: boolean;
  readonly json?: boolean;
  readonly dir?: string;
  readonly since?: string;
  readonly until?: string;
}


/**
 * `flightlog replay --from LOG --host H [--speed X] [--only cpu,mem,disk] [--validate]`: generates here,
 * sample by sample, the CPU busy %, memory in use and disk traffic that host H recorded (lib/replay/replay.ts).
 */
export async function replayCommand(args: ReplayArgs): Promise<number> {
  if (!(args.speed > 0)) throw new UsageError('replay: --speed must be above 0');
  const only = new Set((args.only ?? RESOURCES.join(',')).split(',').map((s) => s.trim()));
  const unknown = [...only].find((r) => !(RESOURCES as readonly string[]).includes(r));
  if (unknown !== undefined) throw new UsageError(`replay: --only ${JSON.stringify(unknown)}: use some of ${RESOURCES.join(', ')}`);
  const config = await resolveConfig(args);
  const files = findLogs([args.log ?? []].flat(), config.file.path);
  const now = Date.now();
  const all = await readSamples(files, {
    ident: config.syslog.ident, warn: say,
    ...(args.host === undefined ? {} : { hosts: [args.host] }),
    ...(args.since === undefined ? {} : { since: parseWhen(args.since, now, '--since') }),
    ...(args.until === undefined ? {} : { until: parseWhen(args.until, now, '--until') }),
  });
  const hosts = [...new Set(all.map((s) => s.host))];
  if (hosts.length === 0) throw new UsageError(args.host === undefined ? 'replay: no samples in the logs' : `replay: no samples of host ${args.host} in the logs`);
  if (hosts.length > 1) throw new UsageError(`replay: the logs hold ${hosts.length} hosts (${hosts.join(', ')}); name one with --host`);
  const host = hosts[0] as string;
  const steps = stepsOf(all);
  if (steps.length === 0) throw new UsageError(`replay: no sample of ${host} has an interval to replay`);

  if (only.has('mem')) requireMemory(steps);
  const { source, here, how } = calibrations(all, calibrationPath(dirname(config.state)));
  say(`replaying ${steps.length} sample(s) of ${host} (${formatNumber(steps.reduce((a, s) => a + s.seconds, 0))} s recorded) at speed ${args.speed}; CPU: ${how}`);
  const dir = args.dir ?? dirname(config.state);
  mkdirSync(dir, { recursive: true });
  const result = await replay({ steps, speed: args.speed, only: only as Set<Resource>, source, here, dir, validate: args.validate === true });
  if (result.saturated > 0) say(`this machine could not do the CPU work of ${result.saturated} sample(s): it ran at 100 % then`);
  say(`done in ${formatNumber(result.seconds)} s`);
  if (args.validate) await writeStdout(args.json ? `${JSON.stringify(report(result))}\n` : table(report(result)));
  return 0;
}

/**
 * The memory the replay would hold (the recorded use above the first sample's) must fit in what this
 * machine has available, with room to spare: else nothing is replayed, and the error says what to do.
 */
function requireMemory(steps: readonly Step[]): void {
  const used = steps.flatMap((s) => (s.memBytes === undefined ? [] : [s.memBytes]));
  if (used.length === 0) return;
  const hold = used.reduce((a, b) => Math.max(a, b), -Infinity) - (used[0] as number);
  const available = Number(/^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? Number.NaN) * 1024;
  if (!Number.isFinite(available) || hold <= available * 0.8) return;
  const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
  throw new UsageError(`replay: the recording holds up to ${gib(hold)} of memory above its start, and this machine has ${gib(available)} available; fix: replay a part with --since/--until, leave memory out with --only cpu,disk, or replay on a bigger machine`);
}

/** Both machines' tables: this one's from calibration.json, the host's from its `calibrate` line; a missing one is taken as the other's (or as proportional). */
function calibrations(samples: readonly ReadSample[], path: string): { source: Calibration; here: Calibration; how: string } {
  const hereSaved = loadCalibration(path);
  const sourceSaved = calibrationOf(samples);
  const hereCores = availableParallelism();
  const lastCount = [...samples].reverse().map((s) => toNumber(s.values.get('cpu.count') ?? '')).find((n) => n !== undefined);
  const sourceCores = sourceSaved?.cores ?? lastCount ?? hereCores;
  if (hereSaved && sourceSaved) return { source: sourceSaved, here: hereSaved, how: 'scaled by the calibration tables of both machines' };
  if (hereSaved) return { source: { cores: sourceCores, table: hereSaved.table }, here: hereSaved, how: `no table of the recorded host in the logs: its cores (${sourceCores}) taken as fast as this machine's` };
  if (sourceSaved) return { source: sourceSaved, here: { cores: hereCores, table: sourceSaved.table }, how: `this machine is not calibrated (flightlog calibrate): its cores (${hereCores}) taken as fast as the recorded host's` };
  return { source: proportional(sourceCores), here: proportional(hereCores), how: `neither machine is calibrated: ${sourceCores} recorded core(s) onto ${hereCores} here, core for core` };
}

type Report = Partial<Record<keyof ReplayResult['series'], Agreement>>;

function report(result: ReplayResult): Report {
  const out: Report = {};
  for (const [name, s] of Object.entries(result.series) as Array<[keyof ReplayResult['series'], { recorded: number[]; replayed: number[] }]>) {
    if (s.recorded.length > 0) out[name] = agreement(s.recorded, s.replayed);
  }
  return out;
}

const UNITS: Readonly<Record<string, string>> = { cpu: 'busy %', mem: 'bytes', disk_read: 'bytes/s', disk_write: 'bytes/s' };

function table(r: Report): string {
  const rows = [['resource', 'unit', 'samples', 'rmse', 'mae', 'r', 'within ±10 %', 'peak error']];
  for (const [name, a] of Object.entries(r)) {
    rows.push([name, UNITS[name] ?? '', String(a.samples), formatNumber(a.rmse) ?? '', formatNumber(a.mae) ?? '', a.r === undefined ? '-' : a.r.toFixed(3), `${formatNumber(a.within10Pct)} %`, formatNumber(a.peak) ?? '']);
  }
  return textTable(rows, 2).map((l) => `${l}\n`).join('');
}
