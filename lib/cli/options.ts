import type { Argv } from 'yargs';
import { dirname } from 'node:path';
import { defaultStatePath, loadConfig, type Config, type OutputName } from '../config/config';
import { OUTPUT_NAMES } from '../outputs/registry';
import { UsageError } from '../core/errors';

/** The options every command that samples or reads the config shares; flags override the config file. */
export interface CommonArgs {
  readonly config?: string;
  readonly root: string;
  readonly state?: string;
  readonly output?: string;
  readonly file?: string;
  readonly 'first-interval'?: number;
  readonly verbose: number;
}

/** The common options, one table for yargs and for the plain-sample fast path (fast-path.ts). */
export const COMMON_OPTIONS = {
  config: { type: 'string', describe: 'config file (default /etc/flightlog/flightlog.yaml, if present)' },
  root: { type: 'string', default: '/', describe: 'read /proc and /sys under this directory' },
  state: { type: 'string', describe: 'state file (default /var/lib/flightlog/state.json for root)' },
  output: { type: 'string', describe: `comma-separated outputs: ${OUTPUT_NAMES.join(', ')}` },
  file: { type: 'string', describe: 'path for the file output' },
  'first-interval': {
    type: 'number',
    describe: 'seconds between baseline and sample on the first run of a boot; 0 = baseline only',
  },
  verbose: { alias: 'v', type: 'count', describe: 'also print the sample on stderr; twice: where the time went' },
} as const;

export const withCommonOptions = <T>(y: Argv<T>): Argv<T & CommonArgs> =>
  y.options(COMMON_OPTIONS) as unknown as Argv<T & CommonArgs>;

type CommonName = keyof typeof COMMON_OPTIONS;

/** Some of the common options, for a command that uses only those (its --help lists no others). */
export const withOptions =
  (...names: CommonName[]) =>
  <T>(y: Argv<T>): Argv<T & CommonArgs> =>
    y.options(Object.fromEntries(names.map((n) => [n, COMMON_OPTIONS[n]]))) as unknown as Argv<T & CommonArgs>;

/** The config file with the command line laid over it. */
export async function resolveConfig(args: CommonArgs): Promise<Config> {
  // `--state` at the end of a line, or `--state ""`, reaches here as an empty string
  for (const name of ['config', 'root', 'state', 'file'] as const) {
    if (args[name] === '') throw new UsageError(`--${name} needs a value: a path`);
  }
  // the parsed config is cached beside the state file named on the command line, or beside the default one
  // for the default config; a config named with --config may put its state anywhere: it is parsed each time,
  // and nothing is written where this run was not sent
  const cacheDir =
    args.state !== undefined
      ? dirname(args.state)
      : args.config === undefined
        ? dirname(defaultStatePath())
        : undefined;
  const config = await loadConfig(args.config, cacheDir);
  let outputs = config.outputs;
  if (args.output !== undefined) {
    const names = args.output
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = names.find((n) => !(OUTPUT_NAMES as readonly string[]).includes(n));
    if (unknown !== undefined || names.length === 0)
      throw new UsageError(
        `--output ${JSON.stringify(args.output)}: unknown output ${JSON.stringify(unknown ?? '')}; fix: use some of ${OUTPUT_NAMES.join(', ')}`,
      );
    outputs = names as OutputName[];
  }
  const firstInterval = args['first-interval'];
  if (firstInterval !== undefined && !(Number.isFinite(firstInterval) && firstInterval >= 0)) {
    throw new UsageError('--first-interval: expected a number of seconds, 0 or more');
  }
  return {
    ...config,
    outputs,
    ...(args.state === undefined ? {} : { state: args.state }),
    ...(args.file === undefined ? {} : { file: { path: args.file } }),
    ...(firstInterval === undefined ? {} : { firstInterval }),
  };
}
