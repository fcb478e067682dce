import { ParseError } from '../errors';

/** /proc/<pid>/stat (proc(5)): the fields the proc module uses. Times in USER_HZ ticks, RSS in pages. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly cpuTicks: bigint;
  readonly threads: number;
  readonly startTicks: bigint;
  readonly rssPages: number;
}

export function parseProcStat(text: string): ProcStat {
  // the command name (field 2) can hold spaces and parentheses: it ends at the last ')'
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const cols = text.slice(close + 2).trim().split(' ');
  if (open < 1 || close < open || cols.length < 22 || !/^\d+$/.test(cols[11] ?? '') || !/^\d+$/.test(cols[19] ?? '')) {
    throw new ParseError('/proc/<pid>/stat', text, 'expected "pid (comm) state …" with 50 fields');
  }
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    cpuTicks: BigInt(cols[11] as string) + BigInt(cols[12] as string),
    threads: Number(cols[17]),
    startTicks: BigInt(cols[19] as string),
    rssPages: Number(cols[21]),
  };
}
