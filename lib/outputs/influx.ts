import { sampleToLineProtocol } from '../format/influx';
import type { Sample } from '../core/sample';
import { writeStdout } from '../io/stdout';
import type { Output } from './types';

/** `influx`: InfluxDB line protocol on stdout, for Telegraf's inputs.exec (data_format = "influx"). */
export const influxOutput = (): Output => ({
  name: 'influx',
  write: (samples: readonly Sample[]) =>
    writeStdout(
      samples
        .flatMap(sampleToLineProtocol)
        .map((l) => `${l}\n`)
        .join(''),
    ),
});
