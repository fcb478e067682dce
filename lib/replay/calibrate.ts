import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { type Config, spoolDir } from '../config/config';
import { readSecretBytes } from '../io/secret';
import { openOutputs } from '../outputs/registry';
import { deliverLine } from '../sample/deliver-line';
import type { Calibration } from './calibration';
import { calibrateCore } from './cpu-load';
import { calibrationFields, calibrationPath, saveCalibration } from './saved';

/**
 * Measures how much work one core of this machine does per second at 10, 20, … 100 % busy (`levelMs`
 * each) and saves the table as calibration.json beside the state file.
 */
export async function calibrateHere(
  config: Config,
  levelMs: number,
): Promise<{ readonly cal: Calibration; readonly path: string }> {
  const cal = await calibrateCore(availableParallelism(), levelMs);
  const path = calibrationPath(dirname(config.state));
  saveCalibration(path, cal, Date.now());
  return { cal, path };
}

/**
 * Writes a calibration table as one `calibrate` line to the configured outputs, like a sample's
 * (signed on to the host's chain, spooled where an output cannot take it), so it travels with the logs
 * to wherever they are replayed. Exit status as a sample's.
 */
export async function deliverCalibration(config: Config, cal: Calibration): Promise<0 | 3 | 4> {
  const signingKey = config.sign === undefined ? undefined : readSecretBytes(config.sign.key, 'sign.key');
  const outputs = await openOutputs(config.outputs, { ...config, spoolDir: spoolDir(config) });
  return deliverLine({
    config,
    outputs,
    module: 'calibrate',
    fields: calibrationFields(cal),
    ...(signingKey === undefined ? {} : { signingKey }),
  });
}
