import { closest } from '../config/schema';
import { UsageError } from '../core/errors';
import { VERSION } from '../core/version';
import type { CalibrateArgs } from './calibrate';
import type { EventArgs } from './event';
import type { ExportArgs } from './export';
import type { GrepArgs } from './grep';
import type { LoadsensorArgs } from './loadsensor';
import { EXIT, reportError } from './exit';
import { plainSample } from './fast-path';
import { withCommonOptions, withOptions, type CommonArgs } from './options';
import type { PlotArgs } from './plot';
import type { RecordArgs } from './record';
import type { ReplayArgs } from './replay';
import type { VerifyArgs } from './verify';
import { existsSync } from 'node:fs';
import { joinRelativeTimes, keysAndFiles, withLogOptions, withReadOptions } from './read-options';
import type { ReportArgs } from './report';
import type { SetupArgs } from './setup';

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
    const args = yargs([...ours])
      .scriptName('flightlog')
      .detectLocale(false)
      .command('sample', 'take one sample and write it to the outputs (the cron job)', withCommonOptions)
      .command(
        'check',
        'check the config and show what each module can read on this machine',
        withOptions('config', 'root', 'state'),
      )
      .command(
        'setup',
        'install the schedule (a cron file or a systemd timer), the rsyslog and logrotate rules and the man page for this program',
        (y) =>
          y.options({
            cron: { type: 'boolean', describe: 'schedule with /etc/cron.d/flightlog' },
            timer: {
              type: 'boolean',
              describe: 'schedule with flightlog.timer, enabled (the default where systemd runs)',
            },
            'dry-run': { type: 'boolean', describe: 'print what would be written, write nothing' },
            remove: { type: 'boolean', describe: 'remove what setup installed' },
            config: {
              type: 'string',
              describe: 'a config file for the scheduled runs (default /etc/flightlog/flightlog.yaml, if present)',
            },
            root: { type: 'string', default: '/', describe: 'install under this directory (an image being built)' },
          }),
      )
      .command(
        'mark-shutdown',
        'record in the state file that this boot ends cleanly (run by the shutdown unit)',
        withOptions('config', 'root', 'state'),
      )
      .command(
        'event <kind> [words..]',
        'report an application event for the next sample: event crash NAME, or event note TEXT…',
        (y) =>
          withOptions(
            'config',
            'state',
          )(y)
            .positional('kind', { choices: ['crash', 'note'] as const, describe: 'crash or note' })
            .positional('words', { type: 'string', array: true, describe: 'the program name, or the text' }),
      )
      .command(
        'record [cmd..]',
        'run a command and sample every few seconds while it runs: flightlog record -- CMD ARGS…',
        (y) =>
          y
            .options({
              interval: { type: 'number', default: 1, describe: 'seconds between samples' },
              out: {
                alias: 'o',
                type: 'string',
                describe:
                  'file for the lines (default flightlog-record-<UTC time>-<pid>.log in this directory; - for stdout)',
              },
              config: { type: 'string', describe: 'config file (default /etc/flightlog/flightlog.yaml, if present)' },
              root: { type: 'string', default: '/', describe: 'read /proc and /sys under this directory' },
            })
            .positional('cmd', { type: 'string', array: true, describe: 'the command and its arguments, after --' }),
      )
      .command(
        'loadsensor',
        'a load sensor for Grid Engine (begin/host:name:value/end per line on stdin) or HTCondor (--format condor)',
        (y) =>
          y.options({
            format: {
              choices: ['gridengine', 'condor'] as const,
              default: 'gridengine' as const,
              describe: 'the protocol',
            },
            period: { type: 'number', describe: 'condor: report every this many seconds instead of once' },
            config: { type: 'string', describe: 'config file (default /etc/flightlog/flightlog.yaml, if present)' },
            root: { type: 'string', default: '/', describe: 'read /proc and /sys under this directory' },
          }),
      )
      .command(
        'verify [files..]',
        'check the signed lines of log files: changed, removed, inserted or reordered lines',
        (y) =>
          y.options({
            key: { type: 'string', describe: 'a signing key file, again for more (default: sign.key of the config)' },
            config: { type: 'string', describe: 'config file, for the key and the log path' },
          }),
      )
      .command(
        'calibrate',
        'measure the work one core of this machine does per second at 10 … 100 % busy, and save the table',
        (y) =>
          withOptions(
            'config',
            'state',
            'output',
            'file',
          )(y).options({ 'level-ms': { type: 'number', default: 400, describe: 'milliseconds at each level' } }),
      )
      .command('replay', 'generate here the CPU, memory and disk load a host recorded, sample by sample', (y) =>
        withOptions(
          'config',
          'state',
        )(y).options({
          log: {
            alias: 'from',
            type: 'string',
            describe: 'a log file or directory, again for more (default: the configured log and its archives)',
          },
          host: { type: 'string', describe: 'the recorded host (needed when the logs hold several)' },
          speed: { type: 'number', default: 1, describe: 'how many times faster than recorded' },
          only: { type: 'string', describe: 'comma-separated: cpu, mem, disk (default: all)' },
          validate: { type: 'boolean', describe: 'measure what was replayed and compare it with the recording' },
          json: { type: 'boolean', describe: 'with --validate: the figures as one JSON document' },
          dir: {
            type: 'string',
            describe: "directory for the disk load's scratch file (default: beside the state file)",
          },
          since: {
            type: 'string',
            describe: 'replay from this time of the recording: -2h, 2026-11-20T08:00, @EPOCH, …',
          },
          until: { type: 'string', describe: 'replay up to (not including) this time' },
        }),
      )
      .command('grep [keys..]', 'select keys from the logs: one row per sample, as a table, CSV or JSON', (y) =>
        withReadOptions(y).options({
          csv: { type: 'boolean', describe: 'CSV (RFC 4180)' },
          json: { type: 'boolean', describe: 'JSON Lines' },
          recompute: {
            type: 'boolean',
            describe: 'derive the rates again from the raw counters of modules with raw: true',
          },
        }),
      )
      .command(
        'export',
        "the logs in another tool's format: --sar writes sadf -d's CSV (CPU, memory, network, disk)",
        (y) =>
          withLogOptions(y).options({
            sar: { type: 'boolean', describe: 'sar-style CSV, as sadf -d writes it' },
            section: { type: 'string', array: true, describe: 'cpu, mem, net, disk (default: all, in that order)' },
          }),
      )
      .command(
        'report [keys..]',
        'min, avg, p95, max per key over a period, with the missed runs, reboots and events',
        (y) =>
          withReadOptions(y).options({
            json: { type: 'boolean', describe: 'one JSON document' },
            exact: { type: 'boolean', describe: 'raw numbers instead of humanised ones (1073741824, not 1 GiB)' },
            by: {
              choices: ['hour', 'day'] as const,
              describe: "sar-style rows: each key's average per hour or per day",
            },
            html: {
              type: 'string',
              describe: 'also write one self-contained HTML page: the summary, a chart per module and unit, the events',
            },
          }),
      )
      .command('plot <keys..>', 'draw keys over time: PNG or SVG with -o, else in the terminal', (y) =>
        withReadOptions(y).options({
          out: { alias: 'o', type: 'string', describe: 'chart file, .png or .svg' },
          width: { type: 'number', default: 1000, describe: 'chart width in pixels' },
          height: { type: 'number', default: 500, describe: 'chart height in pixels' },
        }),
      )
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
    const rest = args as unknown as CommonArgs &
      GrepArgs &
      ReportArgs &
      PlotArgs &
      EventArgs &
      RecordArgs &
      LoadsensorArgs &
      VerifyArgs &
      ExportArgs &
      CalibrateArgs &
      ReplayArgs;
    switch (args._[0]) {
      case 'sample':
        return await (await import('./sample')).sampleCommand(rest);
      case 'check':
        return await (await import('./check')).checkCommand(rest);
      case 'setup':
        return await (await import('./setup')).setupCommand(rest as unknown as SetupArgs);
      case 'mark-shutdown':
        return await (await import('./mark-shutdown')).markShutdownCommand(rest);
      case 'event':
        return await (await import('./event')).eventCommand(rest);
      case 'record':
        return await (await import('./record')).recordCommand({ ...rest, cmd: [...(rest.cmd ?? []), ...commandLine] });
      case 'loadsensor':
        return await (await import('./loadsensor')).loadsensorCommand(rest);
      case 'verify':
        return await (await import('./verify')).verifyCommand(rest);
      case 'calibrate':
        return await (await import('./calibrate')).calibrateCommand(rest);
      case 'replay':
        return await (await import('./replay')).replayCommand(rest);
      case 'grep':
        return await (await import('./grep')).grepCommand(keysAndFiles(rest, existsSync));
      case 'export':
        return await (await import('./export')).exportCommand(rest);
      case 'report':
        return await (await import('./report')).reportCommand(keysAndFiles(rest, existsSync));
      case 'plot':
        return await (await import('./plot')).plotCommand(keysAndFiles(rest, existsSync));
      default:
        throw new UsageError(`unknown command ${JSON.stringify(args._[0])}; see flightlog --help`);
    }
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
