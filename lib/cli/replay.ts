import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors';
import { say } from '../core/say';
import { textTable } from '../format/table';
import { formatNumber } from '../format/value';
import { writeStdout } from '../io/stdout';
import { findLogs } from '../read/files';
import { parseWhen } from '../read/select';
import { planReplay } from '../replay/plan';
import { RESOURCES, replay, type Resource } from '../replay/replay';
import { calibrationPath } from '../replay/saved';
import { agreements, type Agreement, type ReplayAgreement } from '../replay/stats';
import { resolveConfig, type CommonArgs } from './options';

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
  if (unknown !== undefined)
    throw new UsageError(`replay: --only ${JSON.stringify(unknown)}: use some of ${RESOURCES.join(', ')}`);
  const config = await resolveConfig(args);
  const now = Date.now();
  const { host, steps, source, here, how } = await planReplay({
    files: findLogs([args.log ?? []].flat(), config.file.path),
    ident: config.syslog.ident,
    host: args.host,
    since: args.since === undefined ? undefined : parseWhen(args.since, now, '--since'),
    until: args.until === undefined ? undefined : parseWhen(args.until, now, '--until'),
    withMemory: only.has('mem'),
    calibrationPath: calibrationPath(dirname(config.state)),
    warn: say,
  });
  say(
    `replaying ${steps.length} sample(s) of ${host} (${formatNumber(steps.reduce((a, s) => a + s.seconds, 0))} s recorded) at speed ${args.speed}; CPU: ${how}`,
  );
  const dir = args.dir ?? dirname(config.state);
  mkdirSync(dir, { recursive: true });
  const result = await replay({
    steps,
    speed: args.speed,
    only: only as Set<Resource>,
    source,
    here,
    dir,
    validate: args.validate === true,
  });
  if (result.saturated > 0)
    say(`this machine could not do the CPU work of ${result.saturated} sample(s): it ran at 100 % then`);
  // a replay that could not keep the pace (the disk's writes, a slower CPU) says so: its rates were lower than asked
  const plannedS = steps.reduce((a, st) => a + st.seconds, 0) / args.speed;
  if (result.seconds > plannedS * 1.1 + 1)
    say(
      `done in ${formatNumber(result.seconds)} s, not the ${formatNumber(plannedS)} s that speed ${args.speed} asks: this machine could not keep the pace, so it produced less per second than recorded`,
    );
  else say(`done in ${formatNumber(result.seconds)} s`);
  if (args.validate)
    await writeStdout(args.json ? `${JSON.stringify(agreements(result))}\n` : table(agreements(result)));
  return 0;
}

const UNITS: Readonly<Record<string, string>> = {
  cpu: 'busy %',
  mem: 'bytes',
  disk_read: 'bytes/s',
  disk_write: 'bytes/s',
};

function table(r: ReplayAgreement): string {
  const rows = [['resource', 'unit', 'samples', 'rmse', 'mae', 'r', 'within ±10 %', 'peak error']];
  for (const [name, a] of Object.entries(r) as Array<[string, Agreement]>) {
    rows.push([
      name,
      UNITS[name] ?? '',
      String(a.samples),
      formatNumber(a.rmse) ?? '',
      formatNumber(a.mae) ?? '',
      a.r === undefined ? '-' : a.r.toFixed(3),
      `${formatNumber(a.within10Pct)} %`,
      formatNumber(a.peak) ?? '',
    ]);
  }
  return textTable(rows, 2)
    .map((l) => `${l}\n`)
    .join('');
}
