import { loadConfig } from '../config/config';
import { findLogs } from '../read/files';
import { progressBar } from '../read/progress';
import { readSamples, type ReadSample } from '../read/samples';
import { parseWhen } from '../read/select';
import type { ReadArgs } from './read-options';

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
