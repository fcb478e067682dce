import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config';
import { UsageError } from '../core/errors';
import { textLines } from '../format/text-lines';
import { writeStdout } from '../io/stdout';
import { runRecord } from '../sample/record';
import { writeWhole } from '../io/file';
import type { Field } from '../core/sample';
import { say } from '../core/say';

export interface RecordArgs {
  readonly cmd?: readonly string[];
  readonly interval: number;
  readonly out?: string;
  readonly config?: string;
  readonly root: string;
}

/** flightlog-record-20261123T101500Z-4121.log: the default name, in the current directory, unique by time and pid. */
export const defaultRecordFile = (nowMs: number, pid = process.pid): string =>
  `flightlog-record-${new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${pid}.log`;

/**
 * `flightlog record [--interval S] [--out FILE|-] -- CMD ARGS…`: the lines go to FILE as the `file`
 * output writes them (so grep, report and plot read them), each sample as it is made; `-` is stdout.
 * Exits with CMD's status.
 */
export async function recordCommand(args: RecordArgs): Promise<number> {
  const [command, ...rest] = args.cmd ?? [];
  if (command === undefined)
    throw new UsageError('record: no command given; usage: flightlog record [--interval S] [--out FILE] -- CMD ARGS…');
  if (!(args.interval >= 1)) throw new UsageError('record: --interval must be 1 second or more');
  const config = await loadConfig(args.config);
  // yargs hands `-` over as ''
  const path = args.out === '-' || args.out === '' ? undefined : resolve(args.out ?? defaultRecordFile(Date.now()));
  // the default name is made new, never opened through what another user put there (a shared working
  // directory); a file named with --out is appended to, as the user asked
  const fd = path === undefined ? undefined : openSync(path, args.out === undefined ? 'wx' : 'a', 0o644);
  try {
    const { exitCode, samples, summary } = await runRecord({
      config,
      root: resolve(args.root),
      command,
      args: rest,
      intervalS: args.interval,
      write: async (sample) => {
        const text = textLines(sample, 'flightlog', process.pid)
          .map((l) => `${l}\n`)
          .join('');
        if (fd === undefined) await writeStdout(text);
        else writeWhole(fd, Buffer.from(text));
      },
    });
    const error = summary.find(([key]) => key === 'record.error');
    if (error !== undefined) say(String(error[1]));
    process.stderr.write(summaryText(command, summary, samples, path));
    return exitCode;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The end of a record on the terminal: how CMD ended, what it took, where the lines are. */
function summaryText(command: string, summary: readonly Field[], samples: number, path: string | undefined): string {
  const v = (key: string): number | string | undefined => summary.find(([k]) => k === key)?.[1];
  const n = (key: string, digits = 2): string =>
    Number(v(key) ?? 0)
      .toFixed(digits)
      .replace(/\.?0+$/, '') || '0';
  const bytes = (key: string): string | undefined => (v(key) === undefined ? undefined : humanBytes(Number(v(key))));
  const ended =
    v('record.signal') !== undefined ? `killed by ${v('record.signal')}` : `exit ${v('record.exit_status')}`;
  const parts = [
    ended,
    `${n('record.wall_s')} s wall`,
    `${n('record.user_s')} s user + ${n('record.system_s')} s system CPU`,
    peakText(bytes('record.peak_mem_bytes'), bytes('record.peak_rss_bytes')),
    ...(v('record.read_bytes') === undefined
      ? []
      : [`${bytes('record.read_bytes')} read, ${bytes('record.write_bytes')} written`]),
  ];
  return `flightlog: ${command}: ${parts.join(', ')}; ${samples} sample(s)${path === undefined ? '' : ` in ${path}`}\n`;
}

/** The kernel's exact peak of the command's group first, where there was one; the resident peak seen beside it. */
const peakText = (charged: string | undefined, resident: string | undefined): string =>
  charged !== undefined
    ? `peak ${charged} memory${resident === undefined ? '' : ` (${resident} resident seen)`}`
    : resident !== undefined
      ? `peak ${resident} resident`
      : 'peak memory not seen (it ended before the first sample)';

const humanBytes = (b: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = b;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
};
