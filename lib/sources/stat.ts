import { ParseError } from '../core/errors';

/**
 * /proc/stat (proc(5)). CPU times are in USER_HZ ticks; a `cpu` line has 4 fields on the oldest kernels,
 * 8 with steal (2.6.11), 9 with guest (2.6.24), 10 with guest_nice (2.6.33). Absent fields stay absent.
 */
export interface CpuTimes {
  readonly user: bigint;
  readonly nice: bigint;
  readonly system: bigint;
  readonly idle: bigint;
  readonly iowait?: bigint;
  readonly irq?: bigint;
  readonly softirq?: bigint;
  readonly steal?: bigint;
  readonly guest?: bigint;
  readonly guestNice?: bigint;
}

export interface StatRecord {
  readonly cpu: CpuTimes;
  /** per online CPU, by its number ("cpu3" → 3); an offline CPU has no line */
  readonly cpus: ReadonlyMap<number, CpuTimes>;
  readonly ctxt?: bigint;
  /** the first number of the intr line: all interrupts serviced since boot */
  readonly intr?: bigint;
  /** `processes`: forks since boot */
  readonly processes?: bigint;
  readonly procsRunning?: number;
  readonly procsBlocked?: number;
  /** boot time, epoch seconds */
  readonly btime?: number;
}

const CPU_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const;

function parseCpu(line: string, cols: string[]): CpuTimes {
  if (cols.length < 4 || !cols.every((c) => /^\d+$/.test(c)))
    throw new ParseError('/proc/stat', line, 'expected at least 4 tick counts');
  const times: Record<string, bigint> = {};
  CPU_FIELDS.forEach((name, i) => {
    const col = cols[i];
    if (col !== undefined) times[name] = BigInt(col);
  });
  return times as unknown as CpuTimes;
}

function counter(line: string, col: string | undefined): bigint {
  if (col === undefined || !/^\d+$/.test(col)) throw new ParseError('/proc/stat', line, 'expected a count');
  return BigInt(col);
}

/** The online CPUs, as cpu.count counts them: the `cpuN` lines; undefined where there are none. */
export function onlineCpus(text: string | undefined): number | undefined {
  const n = text?.match(/^cpu\d+ /gm)?.length ?? 0;
  return n > 0 ? n : undefined;
}

/** A line's name and the figure after it, if any. */
const LINE_HEAD = /^\s*(\S+)(?:\s+(\S+))?/;

export function parseStat(text: string): StatRecord {
  let cpu: CpuTimes | undefined;
  const cpus = new Map<number, CpuTimes>();
  const rec: { -readonly [K in keyof StatRecord]?: StatRecord[K] } = {};
  for (const line of text.split('\n')) {
    // a line's name and first figure only: `intr` and `softirq` go on with a count per interrupt, thousands on a large machine
    const head = LINE_HEAD.exec(line);
    if (head === null) continue;
    const name = head[1] as string;
    const first = head[2];
    if (name === 'cpu' || /^cpu\d+$/.test(name)) {
      const cols = line.trim().split(/\s+/).slice(1);
      if (name === 'cpu') cpu = parseCpu(line, cols);
      else cpus.set(Number(name.slice(3)), parseCpu(line, cols));
    } else if (name === 'ctxt') rec.ctxt = counter(line, first);
    else if (name === 'intr') rec.intr = counter(line, first);
    else if (name === 'processes') rec.processes = counter(line, first);
    else if (name === 'procs_running') rec.procsRunning = Number(counter(line, first));
    else if (name === 'procs_blocked') rec.procsBlocked = Number(counter(line, first));
    else if (name === 'btime') rec.btime = Number(counter(line, first));
  }
  if (cpu === undefined) throw new ParseError('/proc/stat', text.split('\n')[0] ?? '', 'no aggregate cpu line');
  return { ...rec, cpu, cpus };
}
