import { availableParallelism, hostname } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors';
import { formatNumber } from '../format/value';
import { calibrateCore } from '../replay/cpu-load';
import { calibrationFields, calibrationPath, saveCalibration } from '../replay/saved';
import { openOutputs } from '../outputs/index';
import { writeStdout } from '../outputs/stdout';
import type { Sample } from '../core/sample';
import { resolveConfig, type CommonArgs } from './options';
import { hostLabel } from '../format/subject';

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
  const timeMs = Date.now();
  saveCalibration(path, cal, timeMs);
  const rows = cal.table.map(([pct, work]) => `${String(pct).padStart(6)}  ${formatNumber(work)}\n`).join('');
  await writeStdout(`busy %  work units per second, one core (of ${cal.cores})\n${rows}saved in ${path}\n`);
  const sample: Sample = { xid: Math.floor(timeMs / 1000), timeMs, host: hostLabel(hostname()), modules: [{ module: 'calibrate', fields: calibrationFields(cal) }] };
  for (const output of await openOutputs(config.outputs, config)) {
    try {
      await output.write([sample]);
    } catch (err) {
      process.stderr.write(`flightlog: output ${output.name} did not take the table: ${(err as Error).message}\n`);
    }
  }
  return 0;
}
