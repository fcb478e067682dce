import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { CalibrateArgs } from './calibrate';
import type { EventArgs } from './event';
import type { ExportArgs } from './export';
import type { GrepArgs } from './grep';
import type { LoadsensorArgs } from './loadsensor';
import { withCommonOptions, withOptions, type CommonArgs } from './options';
import type { PlotArgs } from './plot';
import type { RecordArgs } from './record';
import type { ReplayArgs } from './replay';
import type { VerifyArgs } from './verify';
import { keysAndFiles, withLogOptions, withReadOptions } from './read-options';
import type { ReportArgs } from './report';
import type { SetupArgs } from './setup';

/** What any command's handler may be given: yargs parses the options of the command named. */
export type AllArgs = CommonArgs &
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

/**
 * A command: its yargs usage (its name and positionals), what it does, its options (a yargs builder:
 * `--help`, the man page's synopsis and the README's options come from them), and what runs it,
 * loaded only when it is the one named. `CMD` after `record --` is handed over as given.
 */
export interface Command {
  readonly usage: string;
  readonly describe: string;
  // biome-ignore lint/suspicious/noExplicitAny: each builder adds options of its own types to the same yargs
  readonly options: (y: Argv) => Argv<any>;
  readonly run: (args: AllArgs, commandLine: readonly string[]) => Promise<number>;
}

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    usage: 'sample',
    describe: 'take one sample and write it to the outputs (the cron job)',
    options: withCommonOptions,
    run: async (args) => (await import('./sample')).sampleCommand(args),
  },
  {
    usage: 'check',
    describe: 'check the config and show what each module can read on this machine',
    options: withOptions('config', 'root', 'state'),
    run: async (args) => (await import('./check')).checkCommand(args),
  },
  {
    usage: 'setup',
    describe:
      'install the schedule (a cron file or a systemd timer), the rsyslog and logrotate rules and the man page for this program',
    options: (y) =>
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
    run: async (args) => (await import('./setup')).setupCommand(args as unknown as SetupArgs),
  },
  {
    usage: 'mark-shutdown',
    describe: 'record in the state file that this boot ends cleanly (run by the shutdown unit)',
    options: withOptions('config', 'root', 'state'),
    run: async (args) => (await import('./mark-shutdown')).markShutdownCommand(args),
  },
  {
    usage: 'event <kind> [words..]',
    describe: 'report an application event for the next sample: event crash NAME, or event note TEXT…',
    options: (y) =>
      withOptions(
        'config',
        'state',
      )(y)
        .positional('kind', { choices: ['crash', 'note'] as const, describe: 'crash or note' })
        .positional('words', { type: 'string', array: true, describe: 'the program name, or the text' }),
    run: async (args) => (await import('./event')).eventCommand(args),
  },
  {
    usage: 'record [cmd..]',
    describe: 'run a command and sample every few seconds while it runs: flightlog record -- CMD ARGS…',
    options: (y) =>
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
    run: async (args, commandLine) =>
      (await import('./record')).recordCommand({ ...args, cmd: [...(args.cmd ?? []), ...commandLine] }),
  },
  {
    usage: 'loadsensor',
    describe:
      'a load sensor for Grid Engine (begin/host:name:value/end per line on stdin) or HTCondor (--format condor)',
    options: (y) =>
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
    run: async (args) => (await import('./loadsensor')).loadsensorCommand(args),
  },
  {
    usage: 'verify [files..]',
    describe: 'check the signed lines of log files: changed, removed, inserted or reordered lines',
    options: (y) =>
      y.options({
        key: { type: 'string', describe: 'a signing key file, again for more (default: sign.key of the config)' },
        config: { type: 'string', describe: 'config file, for the key and the log path' },
      }),
    run: async (args) => (await import('./verify')).verifyCommand(args),
  },
  {
    usage: 'calibrate',
    describe: 'measure the work one core of this machine does per second at 10 … 100 % busy, and save the table',
    options: (y) =>
      withOptions(
        'config',
        'state',
        'output',
        'file',
      )(y).options({ 'level-ms': { type: 'number', default: 400, describe: 'milliseconds at each level' } }),
    run: async (args) => (await import('./calibrate')).calibrateCommand(args),
  },
  {
    usage: 'replay',
    describe: 'generate here the CPU, memory and disk load a host recorded, sample by sample',
    options: (y) =>
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
    run: async (args) => (await import('./replay')).replayCommand(args),
  },
  {
    usage: 'grep [keys..]',
    describe: 'select keys from the logs: one row per sample, as a table, CSV or JSON',
    options: (y) =>
      withReadOptions(y).options({
        csv: { type: 'boolean', describe: 'CSV (RFC 4180)' },
        json: { type: 'boolean', describe: 'JSON Lines' },
        recompute: {
          type: 'boolean',
          describe: 'derive the rates again from the raw counters of modules with raw: true',
        },
      }),
    run: async (args) => (await import('./grep')).grepCommand(keysAndFiles(args, existsSync)),
  },
  {
    usage: 'export',
    describe: "the logs in another tool's format: --sar writes sadf -d's CSV (CPU, memory, network, disk)",
    options: (y) =>
      withLogOptions(y).options({
        sar: { type: 'boolean', describe: 'sar-style CSV, as sadf -d writes it' },
        section: { type: 'string', array: true, describe: 'cpu, mem, net, disk (default: all, in that order)' },
      }),
    run: async (args) => (await import('./export')).exportCommand(args),
  },
  {
    usage: 'report [keys..]',
    describe: 'min, avg, p95, max per key over a period, with the missed runs, reboots and events',
    options: (y) =>
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
    run: async (args) => (await import('./report')).reportCommand(keysAndFiles(args, existsSync)),
  },
  {
    usage: 'plot <keys..>',
    describe: 'draw keys over time: PNG or SVG with -o, else in the terminal',
    options: (y) =>
      withReadOptions(y).options({
        out: { alias: 'o', type: 'string', describe: 'chart file, .png or .svg' },
        width: { type: 'number', default: 1000, describe: 'chart width in pixels' },
        height: { type: 'number', default: 500, describe: 'chart height in pixels' },
      }),
    run: async (args) => (await import('./plot')).plotCommand(keysAndFiles(args, existsSync)),
  },
];

/** A command's name: the first word of its usage. */
export const commandName = (command: Command): string => command.usage.split(' ')[0] as string;
