import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors';
import { formatNumber } from '../format/value';
import { calibrateCore } from '../replay/cpu-load';
import { calibrationFields, calibrationPath, saveCalibration } from '../replay/saved';
import { readSecretBytes } from '../config/secret';
import { openOutputs } from '../outputs/index';
import { deliverLine } from '../sample/deliver-line';
import { writeStdout } from '../outputs/stdout';
import { resolveConfig, type CommonArgs } from './options';
import { say } from '../core/say';

export interface CalibrateArgs extends CommonArgs {
  readonly 'level-ms': number;
}

/**
 * `flightlog calibrate`: how much work one core of this machine does per second at 10, 20, … 100 %
 * busy (`--level-ms` each, 400 by default: about four seconds). Saves the table as calibration.json
 * beside the state file, prints it, and writes it as one `calibrate` line to the configured outputs,
 * so it travels with the logs to wherever they are replayed.
 */
export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  if (!(args['level-ms'] >= 50 && args['level-ms'] <= 60_000)) throw new UsageError('calibrate: --level-ms must be between 50 and 60000');
  const config = await resolveConfig(args);
  const cal = await calibrateCore(availableParallelism(), args['level-ms']);
  const path = calibrationPath(dirname(config.state));
  saveCalibration(path, cal, Date.now());
  const rows = cal.table.map(([pct, work]) => `${String(pct).padStart(6)}  ${formatNumber(work)}\n`).join('');
  await writeStdout(`busy %  work units per second, one core (of ${cal.cores})\n${rows}saved in ${path}\n`);
  const signingKey = config.sign === undefined ? undefined : readSecretBytes(config.sign.key, 'sign.key');
  // one line like a sample's: signed on to the host's chain, spooled where an output cannot take it
  const outputs = await openOutputs(config.outputs, config);
  const status = await deliverLine({ config, outputs, module: 'calibrate', fields: calibrationFields(cal), ...(signingKey === undefined ? {} : { signingKey }) });
  if (status !== 0) say(`the table is saved, but ${status === 3 ? 'no output took its line (it waits in the spool)' : 'the state could not be saved'}`);
  return 0;
}
