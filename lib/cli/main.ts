import { closest } from '../core/rule-check';
import { UsageError } from '../core/errors';
import { VERSION } from '../core/version';
import { type AllArgs, COMMANDS, commandName } from './commands';
import { EXIT, reportError } from './exit';
import { plainSample } from './fast-path';
import { joinRelativeTimes } from './read-options';

/** What a bare `flightlog` prints. */
const USAGE = `usage: flightlog COMMAND [OPTIONS]
  sample          take one sample and write it to the outputs (what cron runs)
  check           check the config and what this machine can record
  setup           install the schedule and the log routing for this program (npm installs)
  grep | report | plot | export | verify    read the logs back
  record -- CMD   sample while a command runs
  event crash NAME | event note TEXT    report an event for the next sample
flightlog help [COMMAND] (or --help) says more; man flightlog says all.
`;

/**
 * The command line. Every command's handler returns its exit status; errors become one stderr line
 * and the status that says what kind of failure it was.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // record's command line after `--` is CMD's own, kept byte for byte (yargs would turn "1.50" into 1.5)
  const dashes = argv.indexOf('--');
  const commandLine = argv[0] === 'record' && dashes >= 0 ? argv.slice(dashes + 1) : [];
  const ours = joinRelativeTimes(argv[0] === 'record' && dashes >= 0 ? argv.slice(0, dashes) : argv);
  try {
    // a bare `flightlog` samples nothing: cron and the units say `flightlog sample`
    if (argv.length === 0) {
      process.stderr.write(USAGE);
      return EXIT.usage;
    }
    // `flightlog help [COMMAND]` is `flightlog [COMMAND] --help`
    if (argv[0] === 'help') return await main(argv.length > 1 ? [argv[1] as string, '--help'] : ['--help']);
    // cron's `flightlog sample`: no yargs to load
    const plain = plainSample(argv);
    if (plain !== undefined) return await (await import('./sample')).sampleCommand(plain);
    const { default: yargs } = await import('yargs/yargs');
    // commands carry no handlers: yargs only parses (with a handler it builds the whole help text on
    // every run, in case it has to show it), and the command runs after parsing
    const parser = yargs([...ours])
      .scriptName('flightlog')
      .detectLocale(false);
    for (const command of COMMANDS) parser.command(command.usage, command.describe, command.options);
    const args = parser
      .strict()
      .demandCommand(1, 'name a command; flightlog --help lists them')
      .recommendCommands()
      .version(VERSION)
      .help()
      .alias('h', 'help')
      .wrap(null)
      .exitProcess(false)
      .fail((message, err) => {
        throw err ?? new UsageError(didYouMean(message, argv));
      })
      .parseSync();
    if (args.help || args.version) return EXIT.ok;
    const command = COMMANDS.find((c) => commandName(c) === args._[0]);
    if (command === undefined)
      throw new UsageError(`unknown command ${JSON.stringify(args._[0])}; see flightlog --help`);
    return await command.run(args as unknown as AllArgs, commandLine);
  } catch (err) {
    return reportError(err);
  }
}

/** Every option any command takes, for a did-you-mean on a mistyped one. */
const OPTION_NAMES = [
  'config',
  'root',
  'state',
  'output',
  'file',
  'first-interval',
  'verbose',
  'interval',
  'out',
  'format',
  'period',
  'key',
  'exact',
  'by',
  'cron',
  'timer',
  'dry-run',
  'remove',
  'level-ms',
  'log',
  'from',
  'html',
  'host',
  'speed',
  'only',
  'validate',
  'json',
  'dir',
  'since',
  'until',
  'csv',
  'recompute',
  'sar',
  'section',
  'width',
  'height',
  'help',
  'version',
];

/** yargs's message, said plainly, with the option or command the user probably meant. */
function didYouMean(message: string, argv: readonly string[]): string {
  const command = /^Did you mean (\S+)\?$/.exec(message);
  if (command)
    return `unknown command ${JSON.stringify(argv[0] ?? '')}; did you mean ${command[1]}? (flightlog --help lists the commands)`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return message;
  return (unknown[1] as string)
    .split(', ')
    .map((word) => {
      const guess = closest(word, OPTION_NAMES);
      return `unknown option ${word.length > 1 ? '--' : '-'}${word}${guess === undefined ? '' : `; did you mean --${guess}?`}`;
    })
    .join('; ');
}
