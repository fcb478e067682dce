import { accessSync, constants } from 'node:fs';
import { loadConfig } from '../config/config';
import { UsageError } from '../core/errors';
import { cannotRead, findLogs, oldestFirst } from '../read/files';
import { progressBar } from '../read/progress';
import { gatherSamples, streamSamples, type ReadOptions, type ReadSample } from '../read/samples';
import { parseWhen } from '../read/select';
import { hostsOf, type ReadArgs } from './read-options';
import { say } from '../core/say';

/**
 * The samples that the command line selects, read from the logs it names (or the configured one),
 * oldest file first, as they come: each batch in time order. A log that cannot be read is an error
 * that says how to get access; `--host` that matches no sample is an error that lists the hosts there.
 * `keys` narrows what each sample keeps (lib/read/samples.ts ReadOptions).
 */
export async function* selectedSamples(
  args: ReadArgs,
  now = Date.now(),
  keys: Pick<ReadOptions, 'keep' | 'keysSeen' | 'holds' | 'picks'> = {},
): AsyncGenerator<ReadSample[]> {
  const config = await loadConfig(args.config);
  const files = oldestFirst(findLogs([args.log ?? []].flat(), config.file.path));
  for (const file of files) requireReadable(file);
  const hosts = hostsOf(args);
  const since = args.since === undefined ? undefined : parseWhen(args.since, now, '--since');
  const until = args.until === undefined ? undefined : parseWhen(args.until, now, '--until');
  if (since !== undefined && until !== undefined && since >= until) {
    throw new UsageError(
      `--since ${args.since} is not before --until ${args.until}: the period would be empty; fix: swap them, or move one`,
    );
  }
  const seen = new Set<string>();
  let matched = 0;
  const bar = progressBar();
  try {
    for await (const batch of streamSamples(files, {
      ident: config.syslog.ident,
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(hosts.length === 0 ? {} : { hosts }),
      hostsSeen: seen,
      ...keys,
      progress: bar.update,
      warn: say,
      damaged: (line) => void damage.push(line),
    })) {
      matched += batch.length;
      yield batch;
    }
  } finally {
    bar.end();
  }
  if (hosts.length > 0 && matched === 0 && !hosts.some((h) => seen.has(h))) {
    throw new UsageError(
      `--host ${hosts.join(',')}: no such host in the logs; hosts there: ${[...seen].sort().join(', ') || 'none'}`,
    );
  }
}

/** The logs that broke off while this command read them: it prints what it read, then says so and exits 1. */
const damage: string[] = [];

/** The exit status of a reader that printed what it read: 0, or 1 with each damaged log named (never an answer from partial data without saying so). */
export function readStatus(): number {
  for (const line of damage) say(line);
  return damage.length > 0 ? 1 : 0;
}

/** All the selected samples at once, in time order, for the commands that need the whole period. */
export const allSelectedSamples = (args: ReadArgs, now = Date.now()): Promise<ReadSample[]> =>
  gatherSamples(selectedSamples(args, now));

function requireReadable(file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    throw cannotRead(file, err);
  }
}
