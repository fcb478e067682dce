import { UsageError } from '../core/errors';
import { say } from '../core/say';
import { formatNumber } from '../format/value';
import { writeStdout } from '../io/stdout';
import { calibrateHere, deliverCalibration } from '../replay/calibrate';
import { resolveConfig, type CommonArgs } from './options';

export interface CalibrateArgs extends CommonArgs {
  readonly 'level-ms': number;
}

/**
 * `flightlog calibrate`: this machine's calibration table (lib/replay/calibrate.ts: `--level-ms` at each
 * level, 400 by default: about four seconds), printed, saved beside the state file and written as one
 * `calibrate` line to the configured outputs.
 */
export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  if (!(args['level-ms'] >= 50 && args['level-ms'] <= 60_000))
    throw new UsageError('calibrate: --level-ms must be between 50 and 60000');
  const config = await resolveConfig(args);
  const { cal, path } = await calibrateHere(config, args['level-ms']);
  const rows = cal.table.map(([pct, work]) => `${String(pct).padStart(6)}  ${formatNumber(work)}\n`).join('');
  await writeStdout(`busy %  work units per second, one core (of ${cal.cores})\n${rows}saved in ${path}\n`);
  const status = await deliverCalibration(config, cal);
  if (status !== 0)
    say(
      `the table is saved, but ${status === 3 ? 'no output took its line (it waits in the spool)' : 'the state could not be saved'}`,
    );
  return 0;
}
