import type { Argv } from 'yargs';

/**
 * The options of the commands that read logs back (grep, report, plot, export). Options only: every
 * run parses them, so the readers themselves (zlib, readline) are loaded by select-samples.ts.
 */
export interface ReadArgs {
  readonly keys?: readonly string[];
  readonly log?: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly host?: readonly string[];
  readonly config?: string;
}

export const withReadOptions = <T>(y: Argv<T>): Argv<T & ReadArgs> =>
  y.positional('keys', { describe: 'keys to select; * and ? match any characters (net.*.rx_bytes_per_s)', type: 'string', array: true })
    .options({
      log: { type: 'string', array: true, describe: 'log files or directories (plain or .gz); default: the configured file.path and its rotated archives' },
      since: { type: 'string', describe: 'from this time: -2h, -7d, today, yesterday, @EPOCH, 2026-11-20T08:00 (local)' },
      until: { type: 'string', describe: 'up to (not including) this time, in the same forms' },
      host: { type: 'string', array: true, describe: 'only these hosts' },
      config: { type: 'string', describe: 'config file, for the log path and the ident' },
    }) as unknown as Argv<T & ReadArgs>;
