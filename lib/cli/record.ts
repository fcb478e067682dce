import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config';
import { UsageError } from '../errors';
import { textLines } from '../outputs/text';
import { writeStdout } from '../outputs/stdout';
import { runRecord } from '../sample/record';
import { writeWhole } from '../state/file';

export interface RecordArgs {
  readonly cmd?: readonly string[];
  readonly interval: number;
  readonly out?: string;
  readonly config?: string;
  readonly root: string;
}

/** flightlog-record-20261123T101500Z-4121.log: the default name, in the current directory, unique by time and pid. */
export const defaultRecordFile = (nowMs: number, pid = process.pid): string =>
  `flightlog-record-${new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${pid}.log`;

/**
 * `flightlog record [--interval S] [--out FILE|-] -- CMD ARGS…`: the lines go to FILE as the `file`
 * output writes them (so grep, report and plot read them), each sample as it is made; `-` is stdout.
 * Exits with CMD's status.
 */
export async function recordCommand(args: RecordArgs): Promise<number> {
  const [command, ...rest] = args.cmd ?? [];
  if (command === undefined) throw new UsageError('record: no command given; usage: flightlog record [--interval S] [--out FILE] -- CMD ARGS…');
  if (!(args.interval >= 1)) throw new UsageError('record: --interval must be 1 second or more');
  const config = await loadConfig(args.config);
  // yargs hands `-` over as ''
  const path = args.out === '-' || args.out === '' ? undefined : resolve(args.out ?? defaultRecordFile(Date.now()));
  // the default name is made new, never opened through what another user put there (a shared working
  // directory); a file named with --out is appended to, as the user asked
  const fd = path === undefined ? undefined : openSync(path, args.out === undefined ? 'wx' : 'a', 0o644);
  try {
    const { exitCode, samples, summary } = await runRecord({
      config, root: resolve(args.root), command, args: rest, intervalS: args.interval,
      write: async (sample) => {
        const text = textLines(sample, 'flightlog', process.pid).map((l) => `${l}\n`).join('');
        if (fd === undefined) await writeStdout(text);
        else writeWhole(fd, Buffer.from(text));
      },
    });
    const error = summary.find(([key]) => key === 'record.error');
    if (error !== undefined) process.stderr.write(`flightlog: ${error[1]}\n`);
    if (path !== undefined) process.stderr.write(`flightlog: ${samples} sample(s) of ${command} in ${path}\n`);
    return exitCode;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
