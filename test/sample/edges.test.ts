import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../lib/events/collect';
import type { EventModule } from '../../lib/events/types';
import type { ModuleSettings } from '../../lib/core/reading';
import { Sources } from '../../lib/sources/read';
import { BASIC_STATFS } from '../helpers';
import { runScenario } from '../scenario';

/** The steps of a scenario; bind-mount's statfs answers for its two extra mount points too. */
const scenario = (name: string, steps: string[], modules: string[]): Promise<string[][]> =>
  runScenario(name, steps, modules, {
    ...BASIC_STATFS,
    '/mnt/data': BASIC_STATFS['/']!,
    '/var/log2': BASIC_STATFS['/var/log']!,
  });

describe('counters that restart', () => {
  it('disk-replugged: a disk plugged in again is a reset, not a 32-bit wrap; a new diskseq is a reset; cciss!c0d0 is read', async () => {
    const after = (await scenario('disk-replugged', ['t0', 't1'], ['disk']))[1]!;
    // cciss/c0d0 over 600 s: Δreads 600 and Δwrites 600 → 1/s each; Δ4800 sectors × 512 / 600 = 4096 B/s each way;
    // await (Δ600 + Δ1200 ms) / 1200 I/Os = 1.5 ms; util Δ60000 ms / 600000 ms = 10 %; queue 120000 / 600000 = 0.2.
    // sdb: its io_ms went 2000 → 1000; as a wrap that is 2^32 − 1000 ms ≈ 49.7 days busy in 600 s: impossible.
    // sdc: its counters went up, but its diskseq went 5 → 9: another disk.
    expect(after[1]).toBe(
      'disk.cciss_c0d0.reads_per_s=1 disk.cciss_c0d0.writes_per_s=1 disk.cciss_c0d0.read_bytes_per_s=4096 disk.cciss_c0d0.write_bytes_per_s=4096 disk.cciss_c0d0.await_ms=1.5 disk.cciss_c0d0.util_pct=10 disk.cciss_c0d0.queue=0.2 disk.sdb.reset=1 disk.sdc.reset=1',
    );
  });

  it('nic-zeroed-32: a 32-bit NIC whose counters were zeroed is a reset, not a wrap faster than its link', async () => {
    const after = (await scenario('nic-zeroed-32', ['t0', 't1'], ['net']))[1]!;
    // rx 100000000 → 1000 as a wrap: 2^32 − 100000000 + 1000 = 4194968296 B in 60 s = 559 Mb/s on a 100 Mb/s link
    expect(after[1]).toBe('net.eth0.reset=1 net.eth0.up=1');
  });

  it("cpu-hotplug: a CPU that restarted follows sysstat's rule, and the aggregate is rebuilt from the CPUs", async () => {
    const after = (await scenario('cpu-hotplug', ['t0', 't1'], ['cpu']))[1]!;
    // sysstat (get_per_cpu_interval, get_global_cpu_statistics), as its sar -P ALL prints these trees:
    // cpu0: Δuser 100, Δidle 500: 600 ticks, 16.67 % busy.
    // cpu1: user 2000 → 100 steps back (ishift 1900: counts 0), idle 9000 → 500 from zero: 500 ticks, all idle.
    // all: 1100 ticks; user Σ 3000 → 1200 steps back: 0 %; idle Σ (5000 + 0) → 6000: 1000 = 90.91 %; busy 9.09 %.
    // ctxt Δ6000, intr Δ600, processes Δ60 over 600 s: separate counters that did not step back.
    expect(after[1]).toBe(
      'cpu.busy_pct=9.09 cpu.user_pct=0 cpu.nice_pct=0 cpu.system_pct=0 cpu.iowait_pct=0 cpu.irq_pct=0 cpu.softirq_pct=0 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=90.91 cpu.count=2 cpu.ctxt_per_s=10 cpu.intr_per_s=1 cpu.forks_per_s=0.1 cpu.0.busy_pct=16.67 cpu.1.busy_pct=0',
    );
  });
});

describe("sysstat's own trees", () => {
  it('sysstat-trees: the whole and each CPU as sar -P ALL -u ALL prints them', async () => {
    const [, t1, t2] = await scenario('sysstat-trees', ['t0', 't1', 't2'], ['cpu']);
    // Worked from sysstat's sources (pr_stats.c print_cpu_stats, sa_common.c get_global_cpu_statistics,
    // rd_stats.c get_per_cpu_interval) over the trees' /proc/stat: the whole is the sum of the CPUs with a
    // previous sample, each as its restart leaves it. root1 → root2: cpu8 went offline: 8 CPUs.
    // all: 17.00 busy, usr 2.15, nice 12.50, sys 1.84, iowait 0.12, irq 0.34, soft 0.19, idle 82.88.
    // cpu3 did nothing but nice: 100 % busy. ctxt Δ2132318 / 30.45 s = 70026.86 /s; intr Δ1107316 = 36365.06; processes Δ111 = 3.65.
    expect(t1![1]).toBe(
      'cpu.busy_pct=17 cpu.user_pct=2.15 cpu.nice_pct=12.5 cpu.system_pct=1.84 cpu.iowait_pct=0.12 cpu.irq_pct=0.34 cpu.softirq_pct=0.19 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=82.88 cpu.count=8 cpu.ctxt_per_s=70026.86 cpu.intr_per_s=36365.06 cpu.forks_per_s=3.65 cpu.0.busy_pct=5.86 cpu.1.busy_pct=8.01 cpu.2.busy_pct=4.15 cpu.3.busy_pct=100 cpu.4.busy_pct=4.47 cpu.5.busy_pct=4.43 cpu.6.busy_pct=5.01 cpu.7.busy_pct=3.76',
    );
    // root2 → root3: cpu6 went offline, the cpu line's idle stepped back (it is not used), cpu3 had no tick
    // (nothing to divide by: no key); ctxt Δ1446029 / 31.96 s = 45244.96, intr Δ762338 = 23852.88, processes Δ151 = 4.72. all: 4.21 busy, usr 2.28, sys 1.55, iowait 0.48, irq 0.19, soft 0.19, idle 95.31.
    expect(t2![1]).toBe(
      'cpu.busy_pct=4.21 cpu.user_pct=2.28 cpu.nice_pct=0 cpu.system_pct=1.55 cpu.iowait_pct=0.48 cpu.irq_pct=0.19 cpu.softirq_pct=0.19 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=95.31 cpu.count=7 cpu.ctxt_per_s=45244.96 cpu.intr_per_s=23852.88 cpu.forks_per_s=4.72 cpu.0.busy_pct=3.53 cpu.1.busy_pct=3.36 cpu.2.busy_pct=5.33 cpu.4.busy_pct=6.08 cpu.5.busy_pct=5.13 cpu.7.busy_pct=1.83',
    );
  });
});

describe('intervals that cannot be measured as usual', () => {
  it('disk-long-interval: past 2^32 ms the ms-based keys are left out and said so; the counts stay', async () => {
    const [, after] = await scenario('disk-long-interval', ['t0', 't1'], ['disk']);
    // 5184000 s: 600 s runs expected, 8640 intervals, 8639 missed
    expect(after![0]).toBe(
      'run.v=1 run.version=0.1.0 run.interval_s=5184000 run.first=0 run.boot=same run.missed=8639 run.duration_ms=7 run.errors=0',
    );
    // Δreads 60000 / 5184000 s = 0.0116; Δ480000 sectors × 512 / 5184000 s = 47.41 B/s
    expect(after![1]).toBe(
      'disk.vda.reads_per_s=0.01 disk.vda.writes_per_s=0.01 disk.vda.read_bytes_per_s=47.41 disk.vda.write_bytes_per_s=47.41 disk.vda.long_interval=1',
    );
  });

  it('uptime-back: uptime lower in the same boot starts a new baseline and says so', async () => {
    const [, after] = await scenario('uptime-back', ['t0', 't1'], ['cpu']);
    expect(after).toEqual([
      'run.v=1 run.version=0.1.0 run.first=0 run.boot=same run.duration_ms=7 run.errors=0 run.new_baseline=uptime_back',
      'cpu.count=1',
    ]);
  });

  it('zero-interval: two runs in one tick keep the baseline, so no counted event is lost', async () => {
    const [, t1, t2] = await scenario('zero-interval', ['t0', 't1', 't2'], ['mem']);
    expect(t1![0]).toMatch(/ run\.interval_s=0 /);
    expect(t1!.some((l) => l.includes('oom_kills_new'))).toBe(false);
    // oom_kill 0 at t0, 3 at t2: all three kills, 600 s after the kept baseline
    expect(t2![0]).toMatch(/ run\.interval_s=600 /);
    expect(t2![1]).toMatch(/ mem\.oom_kills_new=3$/);
  });

  it('pct-over: a share of 100.4 % over one second is written as 100', async () => {
    const [, after] = await scenario('pct-over', ['t0', 't1'], ['disk', 'psi']);
    // vda: Δio_ms 1010 in 1000 ms; Δweighted 1200 → queue 1.2; 100 reads, 800 sectors, 500 ms
    expect(after![1]).toBe(
      'disk.vda.reads_per_s=100 disk.vda.writes_per_s=0 disk.vda.read_bytes_per_s=409600 disk.vda.write_bytes_per_s=0 disk.vda.await_ms=5 disk.vda.util_pct=100 disk.vda.queue=1.2',
    );
    // io some: Δ1004000 µs in 1 s = 100.4 %; full Δ500000 µs = 50 %
    expect(after![2]).toBe('psi.io.some_pct=100 psi.io.full_pct=50');
  });
});

describe('filesystems and missing sources', () => {
  it('bind-mount: one entry per filesystem, at the mount of its whole tree; no meminfo writes nothing', async () => {
    const [lines] = await scenario('bind-mount', ['t0'], ['fs', 'mem']);
    // BASIC_STATFS: / is 1000000 × 4096 B blocks, 400000 free, 350000 available; /var/log 200000 × 1024 B, 190000 available
    expect(lines!.slice(1)).toEqual([
      'fs.root.size_bytes=4096000000 fs.root.avail_bytes=1433600000 fs.root.used_pct=63.16 fs.root.inodes_used_pct=25 fs.root.ro=0 fs.var_log.size_bytes=204800000 fs.var_log.avail_bytes=194560000 fs.var_log.used_pct=0 fs.var_log.ro=1',
    ]);
  });
});

describe('crashes', () => {
  it('one crash that several event modules saw counts once; reports without a pid each count', async () => {
    const saw = (
      name: string,
      crashes: Array<{ name: string; pid?: number }>,
    ): { name: string; module: EventModule; settings: ModuleSettings } => ({
      name,
      module: { collect: async () => ({ fields: [], events: [], crashes }) },
      settings: {},
    });
    const collected = await collectEvents(
      [
        saw('kmsg', [{ name: 'myapp', pid: 777 }]),
        saw('coredump', [
          { name: 'myapp', pid: 777 },
          { name: 'other', pid: 5 },
        ]),
        saw('app', [{ name: 'myapp' }, { name: 'myapp' }]),
      ],
      {
        src: new Sources('/'),
        bootId: '',
        prev: undefined,
        sameBoot: true,
        nowMs: 0,
        uptimeS: 1,
        run: async () => undefined,
        statePath: '/nonexistent/state.json',
      },
      {},
      10,
    );
    expect(collected.crashes).toEqual(['myapp', 'other', 'myapp', 'myapp']);
  });
});
