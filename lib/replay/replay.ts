import { readFileSync } from 'node:fs';
import { toNumber } from '../format/parse';
import type { ReadSample } from '../read/samples';
import { sourceBusy, translateBusy, type Calibration } from './calibration';
import { CpuLoad } from './cpu-load';
import { DiskLoad } from './disk-load';
import { MemoryLoad } from './memory-load';
import { sleep } from '../core/sleep';

export const RESOURCES = ['cpu', 'mem', 'disk'] as const;
export type Resource = (typeof RESOURCES)[number];

/** One recorded sample to replay: how long it covered and what the host did meanwhile. */
export interface Step {
  readonly seconds: number;
  readonly cpuPct?: number;
  readonly memBytes?: number;
  readonly readPerS?: number;
  readonly writePerS?: number;
}

/**
 * The steps of one host's samples: each sample with an interval (run.interval_s, else the time since
 * the host's previous sample) becomes a step with cpu.busy_pct, mem.used_bytes and the sum of
 * disk.*.read_bytes_per_s and write_bytes_per_s over its disks.
 */
export function stepsOf(samples: readonly ReadSample[]): Step[] {
  const steps: Step[] = [];
  let previousXid: number | undefined;
  for (const s of samples) {
    const num = (key: string): number | undefined => toNumber(s.values.get(key) ?? '');
    const seconds = num('run.interval_s') ?? (previousXid === undefined ? undefined : s.xid - previousXid);
    previousXid = s.xid;
    if (seconds === undefined || seconds <= 0) continue;
    const disks = (field: string): number | undefined => {
      const values = [...s.values.keys()]
        .filter((k) => /^disk\.[^.]+\./.test(k) && k.endsWith(`.${field}`))
        .map((k) => num(k) ?? 0);
      return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
    };
    const step: Record<string, number> = { seconds };
    for (const [name, value] of [
      ['cpuPct', num('cpu.busy_pct')],
      ['memBytes', num('mem.used_bytes')],
      ['readPerS', disks('read_bytes_per_s')],
      ['writePerS', disks('write_bytes_per_s')],
    ] as const) {
      if (value !== undefined) step[name] = value;
    }
    steps.push(step as unknown as Step);
  }
  return steps;
}

export interface ReplayOptions {
  readonly steps: readonly Step[];
  readonly speed: number;
  readonly only: ReadonlySet<Resource>;
  readonly source: Calibration;
  readonly here: Calibration;
  /** where the disk load's scratch file goes (a disk-backed directory) */
  readonly dir: string;
  readonly validate: boolean;
}

/** Recorded and replayed series, one value per step, for each resource that had both. */
export interface ReplayResult {
  readonly series: Record<'cpu' | 'mem' | 'disk_read' | 'disk_write', { recorded: number[]; replayed: number[] }>;
  /** steps whose CPU this machine could not keep up with (it ran at 100 %) */
  readonly saturated: number;
  readonly seconds: number;
}

/** This process's resident memory (VmRSS) and the bytes it caused to be written to storage (write_bytes), from /proc/self. */
function selfCounters(): { rss: number; written: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const io = readFileSync('/proc/self/io', 'utf8');
  const field = (text: string, name: string): number =>
    Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { rss: field(status, 'VmRSS') * 1024, written: field(io, 'write_bytes') };
}

/**
 * Replays the steps here, each for its recorded length divided by `speed`:
 * - cpu: one generator thread per core, all at the busy % that does the recorded host's work here
 *   (translateBusy with both calibrations);
 * - mem: holds the recorded mem.used_bytes less the first step's, resident;
 * - disk: writes (fdatasync'd) and reads the recorded bytes per second, in 100 ms rounds.
 * With `validate`, at the end of each step it measures what it produced: the generator threads' own
 * CPU time (turned back into the source's busy %), its resident memory above the start, the bytes it
 * wrote to storage per second and the bytes its reads returned per second (the page cache may have
 * served those: only the writes are sure to have reached the disk).
 */
export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  const { steps, speed, only, here, source } = opts;
  const cpu = only.has('cpu') && steps.some((s) => s.cpuPct !== undefined) ? new CpuLoad(here.cores) : undefined;
  const mem = only.has('mem') && steps.some((s) => s.memBytes !== undefined) ? new MemoryLoad() : undefined;
  const disk =
    only.has('disk') && steps.some((s) => s.writePerS !== undefined || s.readPerS !== undefined)
      ? new DiskLoad(opts.dir)
      : undefined;
  const memBase = steps.find((s) => s.memBytes !== undefined)?.memBytes ?? 0;
  const series: ReplayResult['series'] = {
    cpu: { recorded: [], replayed: [] },
    mem: { recorded: [], replayed: [] },
    disk_read: { recorded: [], replayed: [] },
    disk_write: { recorded: [], replayed: [] },
  };
  let saturated = 0;
  const began = performance.now();
  // the generator threads' own memory is theirs, not the replayed load's: measure from when they run
  await cpu?.ready();
  const start = selfCounters();
  try {
    for (const step of steps) {
      if (cpu && step.cpuPct !== undefined) {
        const t = translateBusy(step.cpuPct, source, here);
        if (t.saturated) saturated++;
        cpu.setBusy(t.pct);
      }
      if (mem && step.memBytes !== undefined) mem.setBytes(step.memBytes - memBase);
      const t0 = performance.now();
      const cpu0 = cpu?.cpuSeconds() ?? 0;
      const io0 = selfCounters();
      const read0 = disk?.bytesRead ?? 0;
      const end = t0 + (step.seconds * 1000) / speed;
      for (let tick = t0; tick < end; tick = performance.now()) {
        const slice = Math.min(100, end - tick);
        const w = Math.round(((step.writePerS ?? 0) * slice) / 1000);
        const r = Math.round(((step.readPerS ?? 0) * slice) / 1000);
        disk?.run(w, r);
        await sleep(tick + slice - performance.now());
      }
      if (!opts.validate) continue;
      const elapsedS = (performance.now() - t0) / 1000;
      const now = selfCounters();
      if (cpu && step.cpuPct !== undefined) {
        series.cpu.recorded.push(step.cpuPct);
        series.cpu.replayed.push(sourceBusy(((cpu.cpuSeconds() - cpu0) / (elapsedS * here.cores)) * 100, source, here));
      }
      if (mem && step.memBytes !== undefined) {
        series.mem.recorded.push(step.memBytes - memBase);
        series.mem.replayed.push(now.rss - start.rss);
      }
      if (disk && step.writePerS !== undefined) {
        series.disk_write.recorded.push(step.writePerS);
        series.disk_write.replayed.push((now.written - io0.written) / elapsedS);
      }
      if (disk && step.readPerS !== undefined) {
        series.disk_read.recorded.push(step.readPerS);
        series.disk_read.replayed.push((disk.bytesRead - read0) / elapsedS);
      }
    }
  } finally {
    await cpu?.stop();
    mem?.release();
    disk?.close();
  }
  return { series, saturated, seconds: (performance.now() - began) / 1000 };
}
