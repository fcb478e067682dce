import { loadConfig } from '../config/config';
import { findLogs, oldestFirst } from '../read/files';
import { progressBar } from '../read/progress';
import { gatherSamples, streamSamples, type ReadSample } from '../read/samples';
import { parseWhen } from '../read/select';
import type { ReadArgs } from './read-options';

/**
 * The samples that the command line selects, read from the logs it names (or the configured one),
 * oldest file first, as they come: each batch in time order. `keep` may trim a sample to what the
 * command needs, so memory follows what it prints, not the size of the logs.
 */
export async function* selectedSamples(args: ReadArgs, now = Date.now()): AsyncGenerator<ReadSample[]> {
  const config = await loadConfig(args.config);
  const files = oldestFirst(findLogs(args.log ?? [], config.file.path));
  const bar = progressBar();
  try {
    yield* streamSamples(files, {
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

/** All the selected samples at once, in time order, for the commands that need the whole period. */
export const allSelectedSamples = (args: ReadArgs, now = Date.now()): Promise<ReadSample[]> => gatherSamples(selectedSamples(args, now));
