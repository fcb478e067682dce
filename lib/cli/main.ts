import { errorText, FileMissing, LockBusy, UsageError } from '../errors';
import { VERSION } from '../version';
import type { CalibrateArgs } from './calibrate';
import type { EventArgs } from './event';
import type { ExportArgs } from './export';
import type { GrepArgs } from './grep';
import type { LoadsensorArgs } from './loadsensor';
import { plainSample } from './fast-path';
import { withCommonOptions, type CommonArgs } from './options';
import type { PlotArgs } from './plot';
import type { RecordArgs } from './record';
import type { ReplayArgs } from './replay';
import type { VerifyArgs } from './verify';
import { withReadOptions } from './read-options';
import type { ReportArgs } from './report';

/** Exit statuses of DESIGN §9. */
export const EXIT = { ok: 0, usage: 2, undelivered: 3, stateUnsaved: 4, locked: 75 } as const;

/**
 * The command line. Every command's handler returns its exit status; errors become one stderr line
 * and the status that says what kind of failure it was.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // record's command line after `--` is CMD's own, kept byte for byte (yargs would turn "1.50" into 1.5)
  const dashes = argv.indexOf('--');
  const commandLine = argv[0] === 'record' && dashes >= 0 ? argv.slice(dashes + 1) : [];
  const ours = argv[0] === 'record' && dashes >= 0 ? argv.slice(0, dashes) : argv;
  try {
    // cron's `flightlog sample`: no yargs to load
    const plain = plainSample(argv);
    if (plain !== undefined) return await (await import('./sample')).sampleCommand(plain);
    const { default: yargs } = await import('yargs/yargs');
    // commands carry no handlers: yargs only parses (with a handler it builds the whole help text on
    // every run, in case it has to show it), and the command runs after parsing
    const args = yargs([...ours])
      .scriptName('flightlog')
      .detectLocale(false)
      .command(['sample', '$0'], 'take one sample and write it to the outputs (the cron job)', withCommonOptions)
      .command('check', 'check the config and show what each module can read on this machine', withCommonOptions)
      .command('mark-shutdown', 'record in the state file that this boot ends cleanly (run by the shutdown unit)', withCommonOptions)
      .command('event <kind> [words..]', 'report an application event for the next sample: event crash NAME, or event note TEXT…', (y) =>
        withCommonOptions(y).positional('kind', { choices: ['crash', 'note'] as const, describe: 'crash or note' }).positional('words', { type: 'string', array: true, describe: 'the program name, or the text' }))
      .command('record [cmd..]', 'run a command and sample every few seconds while it runs: flightlog record -- CMD ARGS…', (y) =>
        y.options({
          interval: { type: 'number', default: 1, describe: 'seconds between samples' },
          out: { alias: 'o', type: 'string', describe: 'file for the lines (default flightlog-record-<time>.log; - for stdout)' },
          config: { type: 'string', describe: 'config file (default /etc/flightlog/flightlog.yaml, if present)' },
          root: { type: 'string', default: '/', describe: 'read /proc and /sys under this directory' },
        }).positional('cmd', { type: 'string', array: true, describe: 'the command and its arguments, after --' }))
      .command('loadsensor', 'a load sensor for Grid Engine (begin/host:name:value/end per line on stdin) or HTCondor (--format condor)', (y) =>
        y.options({
          format: { choices: ['gridengine', 'condor'] as const, default: 'gridengine' as const, describe: 'the protocol' },
          period: { type: 'number', describe: 'condor: report every this many seconds instead of once' },
          config: { type: 'string', describe: 'config file (default /etc/flightlog/flightlog.yaml, if present)' },
          root: { type: 'string', default: '/', describe: 'read /proc and /sys under this directory' },
        }))
      .command('verify [files..]', 'check the signed lines of log files: changed, removed, inserted or reordered lines', (y) =>
        y.options({
          key: { type: 'string', array: true, describe: 'signing key file(s) (default: sign.key of the config)' },
          config: { type: 'string', describe: 'config file, for the key and the log path' },
        }))
      .command('calibrate', 'measure the work one core of this machine does per second at 10 … 100 % busy, and save the table', (y) =>
        withCommonOptions(y).options({ 'level-ms': { type: 'number', default: 400, describe: 'milliseconds at each level' } }))
      .command('replay', 'generate here the CPU, memory and disk load a host recorded, sample by sample', (y) =>
        withCommonOptions(y).options({
          from: { type: 'string', array: true, describe: 'log files or directories (default: the configured log and its archives)' },
          host: { type: 'string', describe: 'the recorded host (needed when the logs hold several)' },
          speed: { type: 'number', default: 1, describe: 'how many times faster than recorded' },
          only: { type: 'string', describe: 'comma-separated: cpu, mem, disk (default: all)' },
          validate: { type: 'boolean', describe: 'measure what was replayed and compare it with the recording' },
          json: { type: 'boolean', describe: 'with --validate: the figures as one JSON document' },
          dir: { type: 'string', describe: 'directory for the disk load\'s scratch file (default: beside the state file)' },
        }))
      .command('grep [keys..]', 'select keys from the logs: one row per sample, as a table, CSV or JSON', (y) =>
        withReadOptions(y).options({
          csv: { type: 'boolean', describe: 'CSV (RFC 4180)' }, json: { type: 'boolean', describe: 'JSON Lines' },
          recompute: { type: 'boolean', describe: 'derive the rates again from the raw counters of modules with raw: true' },
        }))
      .command('export', 'the logs in another tool\'s format: --sar writes sadf -d\'s CSV (CPU, memory, network, disk)', (y) =>
        withReadOptions(y).options({
          sar: { type: 'boolean', describe: 'sar-style CSV, as sadf -d writes it' },
          section: { type: 'string', array: true, describe: 'cpu, mem, net, disk (default: all, in that order)' },
        }))
      .command('report [keys..]', 'min, avg, p95, max per key over a period, with the missed runs, reboots and events', (y) =>
        withReadOptions(y).options({ json: { type: 'boolean', describe: 'one JSON document' } }))
      .command('plot <keys..>', 'draw keys over time: PNG or SVG with -o, else in the terminal', (y) =>
        withReadOptions(y).options({
          out: { alias: 'o', type: 'string', describe: 'chart file, .png or .svg' },
          width: { type: 'number', default: 1000, describe: 'chart width in pixels' },
          height: { type: 'number', default: 500, describe: 'chart height in pixels' },
        }))
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
    const rest = args as unknown as CommonArgs & GrepArgs & ReportArgs & PlotArgs & EventArgs & RecordArgs & LoadsensorArgs & VerifyArgs & ExportArgs & CalibrateArgs & ReplayArgs;
    switch (args._[0] ?? 'sample') {
      case 'sample': return await (await import('./sample')).sampleCommand(rest);
      case 'check': return await (await import('./check')).checkCommand(rest);
      case 'mark-shutdown': return await (await import('./mark-shutdown')).markShutdownCommand(rest);
      case 'event': return await (await import('./event')).eventCommand(rest);
      case 'record': return await (await import('./record')).recordCommand({ ...rest, cmd: [...(rest.cmd ?? []), ...commandLine] });
      case 'loadsensor': return await (await import('./loadsensor')).loadsensorCommand(rest);
      case 'verify': return await (await import('./verify')).verifyCommand(rest);
      case 'calibrate': return await (await import('./calibrate')).calibrateCommand(rest);
      case 'replay': return await (await import('./replay')).replayCommand(rest);
      case 'grep': return await (await import('./grep')).grepCommand(rest);
      case 'export': return await (await import('./export')).exportCommand(rest);
      case 'report': return await (await import('./report')).reportCommand(rest);
      case 'plot': return await (await import('./plot')).plotCommand(rest);
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
