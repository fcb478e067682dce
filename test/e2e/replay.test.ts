import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { flightlog } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

const MIB = 1024 * 1024;
const CPU = [10, 10, 10, 60, 60, 60, 30, 30, 30];
const WRITES = [2, 2, 4, 4, 8, 8, 4, 4, 2].map((m) => m * MIB);

/**
 * A synthetic recording of host `rec`, nine samples ten seconds apart: CPU steps 10 % → 60 % → 30 %,
 * memory in use growing by 24 MiB a sample, disk writes of 2 to 8 MiB/s. It has as many cores as this
 * machine and no calibration line, so it replays core for core (each at its recorded busy %).
 */
function recording(dir: string, cores: number): string {
  const lines: string[] = [];
  CPU.forEach((cpu, i) => {
    const xid = 1_795_430_000 + 10 * (i + 1);
    const time = new Date(xid * 1000).toISOString();
    for (const msg of [
      `run.v=1 run.interval_s=10`,
      `cpu.busy_pct=${cpu} cpu.count=${cores}`,
      `mem.used_bytes=${1024 * MIB + i * 24 * MIB}`,
      `disk.vda.read_bytes_per_s=0 disk.vda.write_bytes_per_s=${WRITES[i]}`,
    ]) {
      lines.push(`${time} rec flightlog[1]: xid=${xid} ${msg}`);
    }
  });
  const file = join(dir, 'rec.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('flightlog replay', () => {
  it('replays a recording at ten times its speed and says how closely it followed it', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const { availableParallelism } = await import('node:os');
    const ran = await flightlog([
      'replay',
      '--from',
      recording(tmp.dir, availableParallelism()),
      '--speed',
      '10',
      '--validate',
      '--json',
      '--state',
      join(tmp.dir, 'state.json'),
      '--dir',
      tmp.dir,
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('replaying 9 sample(s) of rec (90 s recorded) at speed 10');
    const figures = JSON.parse(ran.stdout) as Record<
      string,
      { samples: number; rmse: number; mae: number; r: number; within10Pct: number; peak: number }
    >;
    process.stdout.write(`replay --validate: ${ran.stdout}`);
    expect(Object.keys(figures)).toEqual(['cpu', 'mem', 'disk_read', 'disk_write']);
    for (const f of Object.values(figures)) expect(f.samples).toBe(9);
    // CPU is measured as the generator threads' own CPU time (kernel ticks of 10 ms) over one-second
    // steps: a tick per thread and a 20 ms duty slot per step are about ±2 points (an idle machine shows
    // under 1); the rest of the margin, to 15 points, is for a busy two-core machine, whose other work
    // can keep a thread off its core. A wrong scale would still fail: half the work is off by 16.7
    // points on average over these steps, twice the work by 26.7
    expect(figures.cpu!.r).toBeGreaterThan(0.8);
    expect(figures.cpu!.mae).toBeLessThan(15);
    // memory is held in 4 MiB buffers and measured as resident memory above the start, where V8 adds a
    // few MiB of its own: within 16 MiB on a ramp of 192 MiB
    expect(figures.mem!.r).toBeGreaterThan(0.99);
    expect(figures.mem!.mae).toBeLessThan(16 * MIB);
    // writes are fdatasync'd and counted by the kernel (write_bytes); a step may end before its last
    // 100 ms round is counted: within 15 % of the 4 MiB/s average
    expect(figures.disk_write!.r).toBeGreaterThan(0.9);
    expect(figures.disk_write!.mae).toBeLessThan(0.15 * 4 * MIB);
    // nothing was read in the recording, nothing is read in the replay
    expect(figures.disk_read!.peak).toBe(0);
    // the scratch file is gone
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.scratch'))).toEqual([]);
  });

  it('names the hosts when the logs hold several and none was chosen', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = recording(tmp.dir, 2);
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}2026-11-23T10:00:00.000Z other flightlog[1]: xid=1795430100 cpu.busy_pct=5\n`,
    );
    const ran = await flightlog(['replay', '--from', file, '--state', join(tmp.dir, 'state.json')]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain('the logs hold 2 hosts (rec, other); name one with --host');
  });
});

describe('flightlog calibrate', () => {
  it('measures each level, saves the table and writes it as a line', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const ran = await flightlog([
      'calibrate',
      '--level-ms',
      '150',
      '--state',
      join(tmp.dir, 'state.json'),
      '--output',
      'file',
      '--file',
      join(tmp.dir, 'f.log'),
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(tmp.dir, 'calibration.json'), 'utf8')) as {
      cores: number;
      table: Array<[number, number]>;
    };
    expect(saved.table.map(([pct]) => pct)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    // a core busy all the time does far more than one busy a tenth of it (ten times on an idle machine)
    const work = new Map(saved.table);
    expect(work.get(100)!).toBeGreaterThan(3 * work.get(10)!);
    expect(existsSync(join(tmp.dir, 'f.log'))).toBe(true);
    expect(readFileSync(join(tmp.dir, 'f.log'), 'utf8')).toMatch(
      new RegExp(`calibrate\\.cores=${saved.cores} calibrate\\.10\\.work_per_s=\\d`),
    );
  });

  it('refuses a recording whose memory this machine cannot hold, before holding any, and says what to do', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    // a host that grew by 100 TiB: more than any test machine has available
    const log = join(tmp.dir, 'big.log');
    writeFileSync(
      log,
      `${[0, 1]
        .flatMap((i) =>
          [
            `run.v=1 run.interval_s=10`,
            `cpu.busy_pct=10 cpu.count=1`,
            `mem.used_bytes=${1024 * MIB + i * 100 * 2 ** 40}`,
          ].map(
            (msg) =>
              `${new Date((1_795_430_010 + 10 * i) * 1000).toISOString()} big flightlog[1]: xid=${1_795_430_010 + 10 * i} ${msg}`,
          ),
        )
        .join('\n')}\n`,
    );
    const ran = await flightlog(['replay', '--log', log, '--state', join(tmp.dir, 'state.json')]);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(
      /^flightlog: replay: the recording holds up to 102400\.0 GiB of memory above its start, and this machine has [\d.]+ GiB available; fix: replay a part with --since\/--until, leave memory out with --only cpu,disk, or replay on a bigger machine\n$/,
    );
  });
});
