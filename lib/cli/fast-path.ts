import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMON_OPTIONS, type CommonArgs } from './options';

type Options = NonNullable<ParseArgsConfig['options']>;

/** COMMON_OPTIONS as node:util's parseArgs takes them: counts are repeated booleans, numbers are strings. */
const PARSE_OPTIONS: Options = Object.fromEntries(
  Object.entries(COMMON_OPTIONS).map(([name, o]) => [
    name,
    {
      type: o.type === 'count' ? 'boolean' : 'string',
      ...(o.type === 'count' ? { multiple: true } : {}),
      ...('alias' in o ? { short: o.alias } : {}),
    },
  ]),
) as Options;

/**
 * The command line of a plain `flightlog sample` (what cron runs: `sample` and the common
 * options), read without yargs, which would cost every run about 13 ms to load. Anything else (another
 * command, --help, an unknown option, a stray word) gives undefined, and yargs reads the line and
 * answers it as always.
 */
export function plainSample(argv: readonly string[]): CommonArgs | undefined {
  if (argv[0] !== 'sample') return undefined;
  const words = argv.slice(1);
  if (words.some((w) => w === '--help' || w === '--version' || w === '--')) return undefined;
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  try {
    ({ values } = parseArgs({ args: [...words], options: PARSE_OPTIONS, strict: true, allowPositionals: false }));
  } catch {
    return undefined;
  }
  const text = (name: string): string | undefined =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const firstInterval = text('first-interval');
  return {
    root: text('root') ?? COMMON_OPTIONS.root.default,
    verbose: Array.isArray(values.verbose) ? values.verbose.length : 0,
    ...(text('config') === undefined ? {} : { config: text('config') as string }),
    ...(text('state') === undefined ? {} : { state: text('state') as string }),
    ...(text('output') === undefined ? {} : { output: text('output') as string }),
    ...(text('file') === undefined ? {} : { file: text('file') as string }),
    // a number as yargs reads it; one that is not a number is refused by resolveConfig
    ...(firstInterval === undefined
      ? {}
      : { 'first-interval': firstInterval.trim() === '' ? Number.NaN : Number(firstInterval) }),
  };
}
