import type { Argv } from 'yargs';
import { loadConfig } from '../config/config';
import { findLogs } from '../read/files';
import { progressBar } from '../read/progress';
import { readSamples, type ReadSample } from '../read/samples';
import { parseWhen } from '../read/select';

/** The options of the commands that read logs back (grep, report, plot). */
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

/** The samples that the command line selects, read from the logs it names (or the configured one). */
export async function selectedSamples(args: ReadArgs, now = Date.now()): Promise<ReadSample[]> {
  const config = await loadConfig(args.config);
  const files = findLogs(args.log ?? [], config.file.path);
  const bar = progressBar();
  try {
    return await readSamples(files, {
      ident: config.syslog.ident,
      ...(args.since === undefined ? {} : { since: parseWhen(args.since, now, '--since') }),
      ...(args.until === undefined ? {} : { until: parseWhen(args.until, now, '--until') }),
      ...(args.host === undefined ? {} : { hosts: args.host.flatMap((h) => h.split(',')) }),
      progress: bar.update,
      warn: (line) => process.stderr.write(`flightlog: ${line}\n`),
    });
  } finally {
    bar.end();
  }
}
