import type { Argv } from 'yargs';

/**
 * The options of the commands that read logs back (grep, report, plot, export). Options only: every
 * run parses them, so the readers themselves (zlib, readline) are loaded by select-samples.ts.
 */
export interface ReadArgs {
  readonly keys?: readonly string[];
  /** one or more --log (a string for one, an array for several); files named after the keys join them */
  readonly log?: string | readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly host?: string | readonly string[];
  readonly config?: string;
}

/** --log, --since, --until, --host, --config: the selection, for every reader. */
export const withLogOptions = <T>(y: Argv<T>): Argv<T & ReadArgs> =>
  y.options({
    log: {
      type: 'string',
      describe:
        'a log file or directory (plain or .gz), again for more; default: the configured file.path and its rotated archives',
    },
    since: { type: 'string', describe: 'from this time: -2h, -7d, today, yesterday, @EPOCH, 2026-11-20T08:00 (local)' },
    until: { type: 'string', describe: 'up to (not including) this time, in the same forms' },
    host: { type: 'string', describe: 'only this host (again, or comma-separated, for more)' },
    config: { type: 'string', describe: 'config file, for the log path and the ident' },
  }) as unknown as Argv<T & ReadArgs>;

/** The selection and the keys: `grep KEY… [FILE…]`, as with grep(1). */
export const withReadOptions = <T>(y: Argv<T>): Argv<T & ReadArgs> =>
  withLogOptions(y).positional('keys', {
    describe: 'keys to select (* and ? match any characters: net.*.rx_bytes_per_s), then log files to read',
    type: 'string',
    array: true,
  }) as unknown as Argv<T & ReadArgs>;

/** A word that names a log rather than a key: an existing path, or one that looks like a path or a log's name. */
const LOOKS_LIKE_FILE = /\/|\.log(\.\d+)?(\.gz)?$|\.gz$|^\.\.?$/;

/**
 * The keys and the files of a reader's command line: words after the keys that are paths (they exist,
 * hold a `/`, or end like a log) are files, read together with every `--log`.
 */
export function keysAndFiles<T extends ReadArgs & { readonly _?: ReadonlyArray<string | number> }>(
  args: T,
  exists: (path: string) => boolean,
): T & { keys: string[]; log: string[] } {
  // words after `--` (`grep --csv --log F -- cpu.busy_pct`) are keys and files all the same; `_` starts with the command
  const words = [...(args.keys ?? []), ...(args._ ?? []).slice(1)].map(String);
  const isFile = (w: string): boolean => exists(w) || LOOKS_LIKE_FILE.test(w);
  return { ...args, keys: words.filter((w) => !isFile(w)), log: [...[args.log ?? []].flat(), ...words.filter(isFile)] };
}

/** The hosts asked for, from repeated and comma-separated --host. */
export const hostsOf = (args: ReadArgs): string[] =>
  [args.host ?? []]
    .flat()
    .flatMap((h) => h.split(','))
    .filter((h) => h !== '');

/**
 * `--since -2h`: a value that starts with `-` and a digit (a relative time, a negative number) would be
 * read as options (`-2 -h`, help); it is joined to the long option before it, `--since=-2h`.
 */
export function joinRelativeTimes(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    const next = argv[i + 1];
    if (/^--[a-z][a-z-]*$/.test(word) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}
