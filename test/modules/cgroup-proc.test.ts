import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroup } from '../../lib/modules/cgroup/read';
import { runSample } from '../../lib/sample/run';
import { Sources } from '../../lib/sources/read';
import { linesOf, memoryOutput, settingsFor, tempDir, testConfig } from '../helpers';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function tree(files: Record<string, string>): string {
  const t = tempDir('flg');
  cleanups.push(t.cleanup);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(t.dir, rel)), { recursive: true });
    writeFileSync(join(t.dir, rel), text);
  }
  return t.dir;
}

/** Runs the module on t0 then t1 (600 s later) with one state file; the lines of t1 without the xid. */
async function pair(
  module: string,
  t0: Record<string, string>,
  t1: Record<string, string>,
  modules = {},
): Promise<string[]> {
  const state = tempDir('fls');
  cleanups.push(state.cleanup);
  let lines: string[] = [];
  for (const files of [t0, t1]) {
    const root = tree(files);
    const out = memoryOutput();
    await runSample({
      config: testConfig(state.dir, { modules: { health: false, ...modules } }),
      root,
      outputs: [out],
      version: '0',
      modules: [module],
      eventModules: [],
      now: () => 1_000_000,
      elapsedMs: () => 1,
    });
    lines = linesOf(out.samples[0]!)
      .slice(1)
      .map((l) => l.replace(/^xid=\d+ /, ''));
  }
  return lines;
}

const twoCpus = { 'proc/stat': 'cpu  0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n' };
const base = (uptime: string): Record<string, string> => ({
  'proc/uptime': `${uptime} 0\n`,
  'proc/sys/kernel/random/boot_id': 'b\n',
});
const psiText = (some: number, full: number): string =>
  `some avg10=0.00 avg60=0.00 avg300=0.00 total=${some}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=${full}\n`;
function group(
  rel: string,
  usage: number,
  rbytes: number,
  wbytes: number,
  oomKill: number,
  cpuSome: number,
): Record<string, string> {
  const d = `sys/fs/cgroup/${rel}`;
  return {
    [`${d}/cgroup.procs`]: '1\n',
    [`${d}/cpu.stat`]: `usage_usec ${usage}\nuser_usec 1\nsystem_usec 1\n`,
    [`${d}/memory.current`]: '104857600\n',
    [`${d}/memory.peak`]: '209715200\n',
    [`${d}/pids.current`]: '7\n',
    [`${d}/io.stat`]: `8:0 rbytes=${rbytes} wbytes=${wbytes} rios=1 wios=1 dbytes=0 dios=0\n253:0 rbytes=${rbytes} wbytes=0 rios=1 wios=1\n`,
    [`${d}/memory.events`]: `low 0\nhigh 0\nmax 0\noom 1\noom_kill ${oomKill}\n`,
    [`${d}/cpu.pressure`]: psiText(cpuSome, 0),
  };
}

describe('cgroup', () => {
  it('writes each group to the configured depth with CPU share, memory, I/O rates, OOM kills and stall shares worked out by hand', async () => {
    const t0 = {
      ...base('1000'),
      ...twoCpus,
      'sys/fs/cgroup/cgroup.controllers': 'cpu io memory pids\n',
      ...group('system.slice', 0, 0, 0, 0, 0),
      ...group('system.slice/ssh.service', 1_000_000, 600, 0, 1, 0),
      ...group('system.slice/ssh.service/deep', 0, 0, 0, 0, 0),
    };
    const t1 = {
      ...base('1600'),
      ...twoCpus,
      'sys/fs/cgroup/cgroup.controllers': 'cpu io memory pids\n',
      ...group('system.slice', 0, 0, 0, 0, 0),
      ...group('system.slice/ssh.service', 301_000_000, 60_600, 1_200_000, 3, 6_000_000),
      ...group('system.slice/ssh.service/deep', 0, 0, 0, 0, 0),
    };
    const lines = await pair('cgroup', t0, t1);
    // ssh: usage Δ300 s of 600 s on two CPUs = 300 / 1200 = 25 % of the machine; rbytes Δ60000 on each of two devices = 120000 / 600 = 200 B/s;
    // wbytes Δ1200000 / 600 = 2000 B/s; oom_kill Δ2; cpu some Δ6 s / 600 s = 1 %. "deep" is below depth 2.
    expect(lines).toEqual([
      'cgroup.system_slice.cpu_busy_pct=0 cgroup.system_slice.memory_bytes=104857600 cgroup.system_slice.memory_peak_bytes=209715200 cgroup.system_slice.pids=7 cgroup.system_slice.read_bytes_per_s=0 cgroup.system_slice.write_bytes_per_s=0 cgroup.system_slice.oom_new=0 cgroup.system_slice.oom_kills_new=0 cgroup.system_slice.cpu_some_pct=0 cgroup.system_slice.cpu_full_pct=0 ' +
        'cgroup.system_slice_ssh_service.cpu_busy_pct=25 cgroup.system_slice_ssh_service.memory_bytes=104857600 cgroup.system_slice_ssh_service.memory_peak_bytes=209715200 cgroup.system_slice_ssh_service.pids=7 cgroup.system_slice_ssh_service.read_bytes_per_s=200 cgroup.system_slice_ssh_service.write_bytes_per_s=2000 cgroup.system_slice_ssh_service.oom_new=0 cgroup.system_slice_ssh_service.oom_kills_new=2 cgroup.system_slice_ssh_service.cpu_some_pct=1 cgroup.system_slice_ssh_service.cpu_full_pct=0',
    ]);
  });

  it('gives a group busy on every CPU 100 % of the machine, never more, and leaves the share out without /proc/stat', async () => {
    const fourCpus = { 'proc/stat': 'cpu  0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\ncpu2 0 0 0 0\ncpu3 0 0 0 0\n' };
    const at = (uptime: string, usage: number, stat: Record<string, string>): Record<string, string> => ({
      ...base(uptime),
      ...stat,
      'sys/fs/cgroup/cgroup.controllers': 'cpu\n',
      'sys/fs/cgroup/batch/cgroup.procs': '1\n',
      'sys/fs/cgroup/batch/cpu.stat': `usage_usec ${usage}\n`,
      'sys/fs/cgroup/batch/pids.current': '3\n',
    });
    // Δusage 2400 s in 600 s on four CPUs: 2400 / (600 × 4) = 100 %
    expect(await pair('cgroup', at('1000', 0, fourCpus), at('1600', 2_400_000_000, fourCpus))).toEqual([
      'cgroup.batch.cpu_busy_pct=100 cgroup.batch.pids=3',
    ]);
    // without the CPU count no share can be right, so none is written; the group's other figures still are
    expect(await pair('cgroup', at('1000', 0, {}), at('1600', 2_400_000_000, {}))).toEqual(['cgroup.batch.pids=3']);
  });

  it('tells groups by the listing alone: no open of a path inside a file, nothing read of a group below the depth', async () => {
    const root = tree({
      ...base('1000'),
      ...twoCpus,
      'sys/fs/cgroup/cgroup.controllers': 'cpu memory\n',
      'sys/fs/cgroup/cgroup.procs': '1\n',
      'sys/fs/cgroup/cpu.stat': 'usage_usec 1\n',
      ...group('system.slice', 0, 0, 0, 0, 0),
      ...group('system.slice/ssh.service', 0, 0, 0, 0, 0),
      ...group('system.slice/ssh.service/deep', 0, 0, 0, 0, 0),
    });
    const asked: string[] = [];
    const src = new (class extends Sources {
      override async text(rel: string): Promise<string> {
        asked.push(rel);
        return super.text(rel);
      }
    })(root);
    const readings = await cgroup.read(src, settingsFor('cgroup', { depth: 2 }));
    expect(readings.map((r) => r.subject)).toEqual(['system_slice', 'system_slice_ssh_service']);
    // every file asked for is one of a group's own (or the hierarchy's marker, or /proc/stat)
    const groupFile =
      /^sys\/fs\/cgroup\/system\.slice(\/ssh\.service)?\/(cpu\.stat|memory\.(current|peak|events)|pids\.current|io\.stat|(cpu|memory|io)\.pressure)$/;
    expect(asked.filter((rel) => !groupFile.test(rel))).toEqual(['sys/fs/cgroup/cgroup.controllers', 'proc/stat']);
  });

  it('is silent without a cgroup v2 hierarchy', async () => {
    expect(await pair('cgroup', base('1000'), base('1600'))).toEqual([]);
  });
});

describe('proc', () => {
  const stat = (pid: number, comm: string, ticks: number, start: number, rssPages: number): string =>
    `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${ticks} 0 0 0 20 0 3 0 ${start} 1000000 ${rssPages} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
  it('ranks CPU since the last run by pid and start time, so a reused pid starts again, and ranks RSS now', async () => {
    const t0 = {
      ...base('1000'),
      ...twoCpus,
      'proc/1/stat': stat(1, 'init', 500, 1, 1000),
      'proc/200/stat': stat(200, 'old job', 60000, 50000, 10),
      'proc/300/stat': stat(300, 'web (x)', 1000, 90000, 50000),
    };
    // pid 200 is now another process, started at uptime 1200 s (120000 ticks), with 3000 ticks so far
    const t1 = {
      ...base('1600'),
      ...twoCpus,
      'proc/1/stat': stat(1, 'init', 560, 1, 1000),
      'proc/200/stat': stat(200, 'new job', 3000, 120000, 20),
      'proc/300/stat': stat(300, 'web (x)', 31000, 90000, 60000),
    };
    const lines = await pair('proc', t0, t1, { proc: { top: 2, count: ['web (x)', 'sshd'] } });
    // shares of two CPUs over 600 s (1200 CPU-seconds): web Δ30000 ticks = 300 s = 25 %; new job: all
    // 3000 ticks = 30 s = 2.5 %; init Δ60 = 0.6 s = 0.05 %
    expect(lines).toEqual([
      'proc.count=3 proc.cpu1.comm="web (x)" proc.cpu1.pid=300 proc.cpu1.cpu_pct=25 proc.cpu2.comm="new job" proc.cpu2.pid=200 proc.cpu2.cpu_pct=2.5 ' +
        'proc.rss1.comm="web (x)" proc.rss1.pid=300 proc.rss1.rss_bytes=245760000 proc.rss2.comm=init proc.rss2.pid=1 proc.rss2.rss_bytes=4096000 proc.web__x_.count=1 proc.sshd.count=0',
    ]);
  });

  it('gives a process busy on every CPU 100 % of the machine, and no CPU ranking without the CPU count', async () => {
    const at = (uptime: string, ticks: number, cpus: Record<string, string>): Record<string, string> => ({
      ...base(uptime),
      ...cpus,
      'proc/9/stat': stat(9, 'make', ticks, 10, 100),
    });
    // 120000 ticks = 1200 s of CPU in 600 s on two CPUs: both busy all the time, 100 %
    expect(await pair('proc', at('1000', 0, twoCpus), at('1600', 120_000, twoCpus), { proc: { top: 1 } })).toEqual([
      'proc.count=1 proc.cpu1.comm=make proc.cpu1.pid=9 proc.cpu1.cpu_pct=100 proc.rss1.comm=make proc.rss1.pid=9 proc.rss1.rss_bytes=409600',
    ]);
    expect(await pair('proc', at('1000', 0, {}), at('1600', 120_000, {}), { proc: { top: 1 } })).toEqual([
      'proc.count=1 proc.rss1.comm=make proc.rss1.pid=9 proc.rss1.rss_bytes=409600',
    ]);
  });

  it('is off unless the config turns it on', async () => {
    const root = tree({ ...base('1000'), 'proc/1/stat': stat(1, 'init', 1, 1, 1) });
    const state = tempDir('fls');
    cleanups.push(state.cleanup);
    const out = memoryOutput();
    await runSample({
      config: testConfig(state.dir, { modules: { health: false } }),
      root,
      outputs: [out],
      version: '0',
      modules: ['proc'],
      eventModules: [],
    });
    expect(linesOf(out.samples[0]!).some((l) => l.includes('proc.'))).toBe(false);
  });
});
