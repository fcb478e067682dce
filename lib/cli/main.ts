import yargs from 'yargs/yargs';
import { errorText, FileMissing, LockBusy, UsageError } from '../errors';
import { VERSION } from '../version';
import { withCommonOptions } from './options';

/** Exit statuses of DESIGN §9. */
export const EXIT = { ok: 0, usage: 2, undelivered: 3, locked: 75 } as const;

/**
 * The command line. Every command's handler returns its exit status; errors become one stderr line
 * and the status that says what kind of failure it was.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    // commands carry no handlers: yargs only parses (with a handler it builds the whole help text on
    // every run, in case it has to show it), and the command runs after parsing
    const args = withCommonOptions(yargs([...argv]))
      .scriptName('flightlog')
      .detectLocale(false)
      .command(['sample', '$0'], 'take one sample and write it to the outputs (the cron job)')
      .command('check', 'check the config and show what each module can read on this machine')
      .strict()
      .version(VERSION)
      .help()
      .wrap(null)
      .exitProcess(false)
      .fail((message, err) => {
        throw err ?? new UsageError(message);
      })
      .parseSync();
    if (args.help || args.version) return EXIT.ok;
    switch (args._[0] ?? 'sample') {
      case 'sample': return await (await import('./sample')).sampleCommand(args);
      case 'check': return await (await import('./check')).checkCommand(args);
      default: throw new UsageError(`unknown command ${JSON.stringify(args._[0])}; see flightlog --help`);
    }
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  const say = (line: string): void => void process.stderr.write(`flightlog: ${line}\n`);
  if (err instanceof UsageError) {
    say(err.message);
    return EXIT.usage;
  }
  if (err instanceof LockBusy) {
    say(err.message);
    return EXIT.locked;
  }
  if (err instanceof FileMissing) {
    say(`${err.message}: is --root the root of a Linux /proc and /sys?`);
    return EXIT.usage;
  }
  say(errorText(err));
  return 1;
}
