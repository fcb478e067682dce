import { ParseError } from '../core/errors';

/** Clock ticks per second of the times in /proc/<pid>/stat: USER_HZ, 100 on every Linux ABI (sysconf(_SC_CLK_TCK)). */
export const USER_HZ = 100;

/** /proc/<pid>/stat (proc(5)): the fields the proc module and record use. Times in USER_HZ ticks, RSS in pages. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime */
  readonly cpuTicks: bigint;
  /** cutime and cstime: the time of the children it has waited for, theirs included */
  readonly childUserTicks: bigint;
  readonly childSystemTicks: bigint;
  readonly threads: number;
  readonly startTicks: bigint;
  readonly rssPages: number;
}

export function parseProcStat(text: string): ProcStat {
  // the command name (field 2) can hold spaces and parentheses: it ends at the last ')'
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const cols = text
    .slice(close + 2)
    .trim()
    .split(' ');
  if (open < 1 || close < open || cols.length < 22 || !/^\d+$/.test(cols[11] ?? '') || !/^\d+$/.test(cols[19] ?? '')) {
    throw new ParseError('/proc/<pid>/stat', text, 'expected "pid (comm) state …" with 50 fields');
  }
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: Number(cols[1]),
    cpuTicks: BigInt(cols[11] as string) + BigInt(cols[12] as string),
    childUserTicks: BigInt(cols[13] as string),
    childSystemTicks: BigInt(cols[14] as string),
    threads: Number(cols[17]),
    startTicks: BigInt(cols[19] as string),
    rssPages: Number(cols[21]),
  };
}
