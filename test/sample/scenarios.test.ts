import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../lib/format/parse';
import { runSample } from '../../lib/sample/run';
import { fixtureRoot, memoryOutput, tempDir, testConfig } from '../helpers';
import { runScenario as scenario, SCENARIO_XID as XID } from '../scenario';

let cleanup = (): void => {};
afterEach(() => cleanup());

describe('scenarios', () => {
  it('reboot: a new boot_id starts a new baseline, never a rate across the reboot', async () => {
    const after = (await scenario('reboot', ['t0', 't1'], ['net']))[1]!;
    expect(after).toEqual([
      'run.v=1 run.version=0.1.0 run.first=1 run.boot=new run.duration_ms=7 run.errors=0',
      'net.eth0.up=1',
    ]);
  });

  it('nic-readded: a NIC registered anew is a reset even when its counters went up; a new NIC is new; a gone one is silent', async () => {
    const after = (await scenario('nic-readded', ['t0', 't1'], ['net']))[1]!;
    expect(after[1]).toBe('net.eth0.reset=1 net.eth0.up=1 net.wlan1.new=1');
  });

  it('steps-back: a re-added disk is a reset, a 32-bit ms field wraps, a cpu field stepping back counts 0', async () => {
    const after = (await scenario('steps-back', ['t0', 't1'], ['cpu', 'disk']))[1]!;
    // cpu: Δuser 600, Δsystem 600, Δidle 54800, iowait 5000 → 4990 counts 0: total 56000
    expect(after[1]).toBe(
      'cpu.busy_pct=2.14 cpu.user_pct=1.07 cpu.nice_pct=0 cpu.system_pct=1.07 cpu.iowait_pct=0 cpu.irq_pct=0 cpu.softirq_pct=0 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=97.86 cpu.count=1 cpu.ctxt_per_s=0.02 cpu.intr_per_s=0.02 cpu.forks_per_s=0 cpu.0.busy_pct=2.14',
    );
    // vdb: weighted ms 4294967000 → 89704 is 89704 + 2^32 − 4294967000 = 90000 ms over 600000 ms
    expect(after[2]).toBe(
      'disk.sda.reset=1 disk.vdb.reads_per_s=10 disk.vdb.writes_per_s=0 disk.vdb.read_bytes_per_s=40960 disk.vdb.write_bytes_per_s=0 disk.vdb.await_ms=1 disk.vdb.util_pct=10 disk.vdb.queue=0.15',
    );
  });

  it('cpu-offline: an offline CPU has no key, the others go on; back online it is new', async () => {
    const steps = await scenario('cpu-offline', ['t0', 't1', 't2'], ['cpu']);
    const [t1, t2] = [steps[1]!, steps[2]!];
    // The set of CPUs changed at each step, so the whole is rebuilt from the CPUs that have a previous sample.
    // t1 (cpu2 offline): cpu0 Δuser 6000, Δsystem 6000, Δidle 98000 = 110000 ticks; cpu1 Δidle 120000; cpu3 as cpu0.
    // 340000 ticks: user 12000/340000 = 3.53 %, system 3.53 %, idle 324000/340000 = 92.94 %, busy 7.06 %
    expect(t1[1]).toBe(
      'cpu.busy_pct=7.06 cpu.user_pct=3.53 cpu.nice_pct=0 cpu.system_pct=3.53 cpu.iowait_pct=0 cpu.irq_pct=0 cpu.softirq_pct=0 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=92.94 cpu.count=3 cpu.ctxt_per_s=0 cpu.intr_per_s=0 cpu.forks_per_s=0 cpu.0.busy_pct=10.91 cpu.1.busy_pct=0 cpu.3.busy_pct=10.91',
    );
    // t2 (cpu2 back, no previous sample: left out): cpu0 Δuser 6000, Δsystem 6000, Δidle 60000 = 72000; cpu1 Δidle
    // 60000; cpu3 as cpu0. 204000 ticks: user 6000 · 2/204000 = 5.88 %, system 5.88 %, idle 180000 = 88.24 %, busy 11.76 %
    expect(t2[1]).toBe(
      'cpu.busy_pct=11.76 cpu.user_pct=5.88 cpu.nice_pct=0 cpu.system_pct=5.88 cpu.iowait_pct=0 cpu.irq_pct=0 cpu.softirq_pct=0 cpu.steal_pct=0 cpu.guest_pct=0 cpu.idle_pct=88.24 cpu.count=4 cpu.ctxt_per_s=0 cpu.intr_per_s=0 cpu.forks_per_s=0 cpu.0.busy_pct=16.67 cpu.1.busy_pct=0 cpu.2.new=1 cpu.3.busy_pct=16.67',
    );
  });

  it('old-kernel: no MemAvailable, no steal/guest, no oom_kill, PSI without full: those keys are left out, never 0', async () => {
    const after = (await scenario('old-kernel', ['t0', 't1'], ['cpu', 'mem', 'psi']))[1]!;
    // cpu Δ: user 600, system 300, idle 4800, iowait 240, irq 30, softirq 30 of 6000
    expect(after[1]).toBe(
      'cpu.busy_pct=16 cpu.user_pct=10 cpu.nice_pct=0 cpu.system_pct=5 cpu.iowait_pct=4 cpu.irq_pct=0.5 cpu.softirq_pct=0.5 cpu.idle_pct=80 cpu.count=1 cpu.ctxt_per_s=0 cpu.intr_per_s=0 cpu.forks_per_s=0 cpu.0.busy_pct=16',
    );
    // used = 1000000 − 100000 − 50000 − 250000 − 40000 kB = 560000 kB; pgmajfault Δ600 / 600 s
    expect(after[2]).toBe(
      'mem.total_bytes=1024000000 mem.free_bytes=102400000 mem.used_bytes=573440000 mem.used_pct=56 mem.buffers_bytes=51200000 mem.cached_bytes=256000000 mem.swap_total_bytes=0 mem.swap_used_bytes=0 mem.swap_in_bytes_per_s=0 mem.swap_out_bytes_per_s=0 mem.major_faults_per_s=1',
    );
    // cpu some Δ3000000 µs / 600 s = 0.5 %; memory some Δ600000 = 0.1 %, full Δ0
    expect(after[3]).toBe('psi.cpu.some_pct=0.5 psi.memory.some_pct=0.1 psi.memory.full_pct=0');
  });

  it('kernel32-wrap: a 32-bit kernel counter that wraps is counted across the wrap', async () => {
    const after = (await scenario('kernel32-wrap', ['t0', 't1'], ['net']))[1]!;
    // rx bytes 4294000000 → 500000: 500000 + 4294967296 − 4294000000 = 1467296 B over 600 s
    expect(after[1]).toBe(
      'net.eth0.rx_bytes_per_s=2445.49 net.eth0.tx_bytes_per_s=100 net.eth0.rx_packets_per_s=1 net.eth0.tx_packets_per_s=1 net.eth0.rx_errors_per_s=0 net.eth0.tx_errors_per_s=0 net.eth0.rx_dropped_per_s=0 net.eth0.tx_dropped_per_s=0 net.eth0.up=1',
    );
  });

  it('malformed: a torn source file is one error line, counted in run.errors; the other modules still write', async () => {
    const after = (await scenario('malformed', ['t0', 't1'], ['net', 'disk']))[1]!;
    expect(after[0]).toBe(
      'run.v=1 run.version=0.1.0 run.interval_s=600 run.first=0 run.boot=same run.missed=0 run.duration_ms=7 run.errors=1',
    );
    expect(after[1]).toBe(
      'net.eth0.rx_bytes_per_s=100 net.eth0.tx_bytes_per_s=0 net.eth0.rx_packets_per_s=0.1 net.eth0.tx_packets_per_s=0 net.eth0.rx_errors_per_s=0 net.eth0.tx_errors_per_s=0 net.eth0.rx_dropped_per_s=0 net.eth0.tx_dropped_per_s=0 net.eth0.up=1',
    );
    expect(after[2]).toBe(
      'disk.error="ParseError: /proc/diskstats: expected \\"major minor name\\" and 4, 11 or more counters: \\"   8       0 sda 1 0 8 1 1 0 8\\""',
    );
  });

  it('hostile: a mount point and an error text built to forge keys stay inside one value', async () => {
    const hostileMount = '/mnt/x\ncpu.busy_pct=0 y';
    const lines = (
      await scenario('hostile', ['t0'], ['fs'], {
        '/': { bsize: 4096, blocks: 100, bfree: 50, bavail: 50, files: 10, ffree: 5 },
        [hostileMount]: Object.assign(new Error('EIO: i/o error\ncpu.busy_pct=0'), { code: 'EIO' }),
      })
    )[0]!;
    expect(lines[1]).toBe(
      'fs.root.size_bytes=409600 fs.root.avail_bytes=204800 fs.root.used_pct=50 fs.root.inodes_used_pct=50 fs.root.ro=0 fs.mnt_x_cpu_busy_pct_0_y.error="EIO: i/o error\\ncpu.busy_pct=0"',
    );
    const parsed = parseMessage(`xid=${XID} ${lines[1]}`);
    expect(parsed?.fields.get('fs.mnt_x_cpu_busy_pct_0_y.error')).toBe('EIO: i/o error\ncpu.busy_pct=0');
    expect(parsed?.fields.has('cpu.busy_pct')).toBe(false);
  });

  it('keeps no baseline for a vanished NIC', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    for (const step of ['t0', 't1']) {
      await runSample({
        config: testConfig(tmp.dir),
        root: fixtureRoot('nic-readded', step),
        outputs: [memoryOutput()],
        version: '0',
        modules: ['net'],
        warn: () => {},
      });
    }
    const state = JSON.parse(readFileSync(`${tmp.dir}/state.json`, 'utf8'));
    expect(Object.keys(state.modules.net.subjects).sort()).toEqual(['eth0', 'wlan1']);
    expect(state.modules.net.subjects.eth0.identity).toBe('7');
  });
});
