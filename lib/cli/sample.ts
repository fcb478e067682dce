import { resolve } from 'node:path';
import { type Config, spoolDir } from '../config/config';
import { readSecretBytes } from '../io/secret';
import { UsageError } from '../core/errors';
import { openOutputs } from '../outputs/registry';
import { runSample } from '../sample/run';
import { sampleLines } from '../format/sample-lines';
import { Timings } from '../core/timings';
import { VERSION } from '../core/version';
import type { CommonArgs } from './options';
import { resolveConfig } from './options';

/**
 * `flightlog sample`: one sample to the configured outputs; the exit status of the README's "Exit status". `-v` writes
 * the sample's lines to stderr too; `-vv` also where the run's time went, stage by stage.
 */
export async function sampleCommand(args: CommonArgs): Promise<number> {
  const timings = args.verbose > 1 ? new Timings() : undefined;
  let config: Config;
  try {
    config = await resolveConfig(args);
  } catch (err) {
    // cron mails stderr to someone who may never read it: the log itself says why recording stopped
    if (err instanceof UsageError) await (await import('../outputs/not-sampled')).logNotSampled(err.message);
    throw err;
  }
  // a key file that is missing or open to others stops the run before anything is sampled
  const signingKey = config.sign === undefined ? undefined : readSecretBytes(config.sign.key, 'sign.key');
  timings?.lap('config');
  const outputs = await openOutputs(config.outputs, { ...config, spoolDir: spoolDir(config) });
  timings?.lap('outputs');
  const { exitCode, sample } = await runSample({
    config,
    root: resolve(args.root),
    outputs,
    version: VERSION,
    ...(signingKey === undefined ? {} : { signingKey }),
    ...(timings === undefined ? {} : { timings }),
  });
  if (args.verbose > 0) {
    process.stderr.write(
      sampleLines(sample)
        .map((l) => `${l}\n`)
        .join(''),
    );
    // the way the lines went, where it is not the one expected (a unix-dgram built for another Node, say)
    if (config.outputs.includes('syslog') && config.syslog.via === 'auto') {
      const problem = await (await import('../outputs/syslog')).unixDgramProblem();
      if (problem !== undefined) process.stderr.write(`flightlog: syslog through logger(1), because ${problem}\n`);
    }
  }
  if (timings !== undefined) process.stderr.write(`flightlog: ms ${timings.line()}\n`);
  return exitCode;
}
