import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../lib/events/collect';
import type { EventModule } from '../../lib/events/types';
import { Sources } from '../../lib/sources/read';
import { BASIC_STATFS } from '../helpers';
import { runScenario } from '../scenario';

/** The steps of a scenario; bind-mount's statfs answers for its two extra mount points too. */
const scenario = (name: string, steps: string[], modules: string[]): Promise<string[][]> =>
  runScenario(name, steps, modules, { ...BASIC_STATFS, '/mnt/data': BASIC_STATFS['/']!, '/var/log2': BASIC_STATFS['/var/log']! });

describe('counters that restart', () => {
  it('disk-replugged: a disk plugged in again is a reset, not a 32-bit wrap; a new diskseq is a reset; cciss!c0d0 is read', async () => {
    const after = (await scenario('disk-replugged', ['t0', 't1'], ['disk']))[1]!;
    // cciss/c0d0 over 600 s: Δreads 600 and Δwrites 600 → 1/s each; Δ4800 sectors × 512 / 600 = 4096 B/s each way;
    // await (Δ600 + Δ1200 ms) / 1200 I/Os = 1.5 ms; util Δ60000 ms / 600000 ms = 10 %; queue 120000 / 600000 = 0.2.
    // sdb: its io_ms went 2000 → 1000; as a wrap that is 2^32 − 1000 ms ≈ 49.7 days busy in 600 s: impossible.
    // sdc: its counters went up, but its diskseq went 5 → 9: another disk.
    expect(after[1]).toBe('disk.cciss_c0d0.reads_per_s=1 disk.cciss_c0d0.writes_per_s=1 disk.cciss_c0d0.read_bytes_per_s=4096 disk.cciss_c0d0.write_bytes_per_s=4096 disk.cciss_c0d0.await_ms=1.5 disk.cciss_c0d0.util_pct=10 disk.cciss_c0d0.queue=0.2 disk.sdb.reset=1 disk.sdc.reset=1');
  });

  it('nic-zeroed-32: a 32-bit NIC whose counters were zeroed is a reset, not a wrap faster than its link', async () => {
    const after = (await scenario('nic-zeroed-32', ['t0', 't1'], ['net']))[1]!;
    // rx 100000000 → 1000 as a wrap: 2^32 − 100000000 + 1000 = 4194968296 B in 60 s = 559 Mb/s on a 100 Mb/s link
    expect(after[1]).toBe('net.eth0.reset=1 net.eth0.up=1');
  });

  it('cpu-hotplug: a CPU that restarted counts from zero, and the aggregate is rebuilt from the CPUs', async () => {
    const after = (await scenario('cpu-hotplug', ['t0', 't1'], ['cpu']))[1]!;
    // cpu0: Δuser 100, Δidle 500; cpu1 from zero: user 100, idle 500. Together user 200 of 1200 = 16.67 %.
    // ctxt Δ6000, intr Δ600, processes Δ60 over 600 s: separate counters that did not step back.
    expect(after[1]).toBe('cpu.busy_pct=16.67 cpu.user_pct=16.67 cpu.nice_pct=0 cpu.system_pct=0 cpu.iowait_pct=0 cpu.irq_pct=0 cpu.softirq_pct=0 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=83.33 cpu.count=2 cpu.ctxt_per_s=10 cpu.intr_per_s=1 cpu.forks_per_s=0.1 cpu.0.busy_pct=16.67 cpu.1.reset=1');
  });
});

describe('intervals that cannot be measured as usual', () => {
  it('disk-long-interval: past 2^32 ms the ms-based keys are left out and said so; the counts stay', async () => {
    const [, after] = await scenario('disk-long-interval', ['t0', 't1'], ['disk']);
    // 5184000 s: 600 s runs expected, 8640 intervals, 8639 missed
    expect(after![0]).toBe('run.v=1 run.version=0.1.0 run.interval_s=5184000 run.first=0 run.boot=same run.missed=8639 run.duration_ms=7 run.errors=0');
    // Δreads 60000 / 5184000 s = 0.0116; Δ480000 sectors × 512 / 5184000 s = 47.41 B/s
    expect(after![1]).toBe('disk.vda.reads_per_s=0.01 disk.vda.writes_per_s=0.01 disk.vda.read_bytes_per_s=47.41 disk.vda.write_bytes_per_s=47.41 disk.vda.long_interval=1');
  });

  it('uptime-back: uptime lower in the same boot starts a new baseline and says so', async () => {
    const [, after] = await scenario('uptime-back', ['t0', 't1'], ['cpu']);
    expect(after).toEqual(['run.v=1 run.version=0.1.0 run.first=0 run.boot=same run.duration_ms=7 run.errors=0 run.new_baseline=uptime_back', 'cpu.count=1']);
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
    expect(after![1]).toBe('disk.vda.reads_per_s=100 disk.vda.writes_per_s=0 disk.vda.read_bytes_per_s=409600 disk.vda.write_bytes_per_s=0 disk.vda.await_ms=5 disk.vda.util_pct=100 disk.vda.queue=1.2');
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
    const saw = (name: string, crashes: Array<{ name: string; pid?: number }>): { name: string; module: EventModule; settings: object } => ({
      name, module: { collect: async () => ({ fields: [], events: [], crashes }) }, settings: {},
    });
    const collected = await collectEvents(
      [saw('kmsg', [{ name: 'myapp', pid: 777 }]), saw('coredump', [{ name: 'myapp', pid: 777 }, { name: 'other', pid: 5 }]), saw('app', [{ name: 'myapp' }, { name: 'myapp' }])],
      { src: new Sources('/'), bootId: '', prev: undefined, sameBoot: true, nowMs: 0, uptimeS: 1, run: async () => undefined, statePath: '/nonexistent/state.json' },
      {},
      10,
    );
    expect(collected.crashes).toEqual(['myapp', 'other', 'myapp', 'myapp']);
  });
});
