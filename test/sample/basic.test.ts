import { afterEach, describe, expect, it } from 'vitest';
import { runSample } from '../../lib/sample/run';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, linesOf, memoryOutput, tempDir, testConfig } from '../helpers';

const t0 = fixtureRoot('basic', 't0');
const t1 = fixtureRoot('basic', 't1');
const XID = 1_763_886_000;

let cleanup = (): void => {};
afterEach(() => cleanup());

async function sample(root: string, dir: string, firstInterval = 0) {
  const out = memoryOutput();
  const result = await runSample({
    config: testConfig(dir, { firstInterval }),
    root,
    outputs: [out],
    version: '0.1.0',
    now: () => XID * 1000 + 123,
    elapsedMs: () => 7,
    statfs: fakeStatfs(root, BASIC_STATFS),
    warn: () => {},
  });
  return { result, lines: linesOf(out.samples[0]!) };
}

/*
 * Expected lines for t0 → t1 of the basic fixture, worked out by hand from the fixture files
 * (elapsed = 1600 − 1000 = 600 s of /proc/uptime):
 * cpu (aggregate): Δuser 6000 of which Δguest 1200, Δnice 600, Δsystem 3000, Δidle 104400, Δiowait 1200,
 *   Δirq 120, Δsoftirq 480, Δsteal 4200: Δtotal 120000 → user (6000−1200)/120000 = 4 %, guest 1 %,
 *   nice 0.5, system 2.5, iowait 1, irq 0.1, softirq 0.4, steal 3.5, idle 87, busy 100 − 87 − 1 = 12.
 *   cpu0: Δidle 54000 of 60000, Δiowait 0 → busy 10; cpu1: Δidle 50400, Δiowait 1200 of 60000 → 14.
 *   ctxt Δ900000 / 600 = 1500/s; intr Δ150000 → 250/s; processes Δ300 → 0.5/s.
 * mem: kB × 1024; used = (4000000 − 2500000) kB = 1536000000 B = 37.5 %; swap used 250000 kB of 1000000 = 25 %;
 *   pswpin Δ6000 pages × 4096 / 600 = 40960 B/s; pswpout Δ3000 → 20480; pgmajfault Δ1800 → 3/s; oom_kill Δ2.
 * net eth0: rx Δ75000000 B → 125000 B/s, tx Δ7500000 → 12500, rx packets Δ60000 → 100, tx Δ30000 → 50,
 *   rx errs Δ6 → 0.01, rx drop Δ60 → 0.1; util = max(125000, 12500) × 8 / 1000 Mb/s = 0.1 %.
 * disk sda (sda1 is a partition, loop0 excluded): Δreads 6000 → 10/s, Δsectors 600000 × 512 / 600 = 512000 B/s,
 *   Δwrites 12000 → 20/s, Δsectors 1200000 → 1024000 B/s, await (12000 + 24000 ms) / 18000 I/Os = 2 ms,
 *   util Δ60000 ms / 600000 ms = 10 %, queue Δ90000 / 600000 = 0.15.
 * fs (statfs from helpers.BASIC_STATFS): / used 600000 of (600000 + 350000) = 63.157… %, inodes 25 %;
 *   /var/log nothing used, no inode count (files 0), mounted ro; "/srv/my\040data" → srv_my_data 80 %, 50 %.
 * psi: cpu some Δ6000000 µs / 600 s = 1 %, memory some Δ1200000 → 0.2, full Δ600000 → 0.1, io 5 and 2.
 * temp: m°C / 1000; two zones of type acpitz get their numbers.
 */
const EXPECTED_T1 = [
  `xid=${XID} run.v=1 run.version=0.1.0 run.interval_s=600 run.first=0 run.boot=same run.missed=0 run.duration_ms=7 run.errors=0`,
  `xid=${XID} host.uptime_s=1600 host.boot_time=1763800000`,
  `xid=${XID} cpu.busy_pct=12 cpu.user_pct=4 cpu.nice_pct=0.5 cpu.system_pct=2.5 cpu.iowait_pct=1 cpu.irq_pct=0.1 cpu.softirq_pct=0.4 cpu.steal_pct=3.5 cpu.guest_pct=1 cpu.idle_pct=87 cpu.count=2 cpu.ctxt_per_s=1500 cpu.intr_per_s=250 cpu.forks_per_s=0.5 cpu.0.busy_pct=10 cpu.1.busy_pct=14`,
  `xid=${XID} load.1m=0.52 load.5m=0.48 load.15m=0.4 load.running=3 load.blocked=1 load.threads=245`,
  `xid=${XID} mem.total_bytes=4096000000 mem.free_bytes=1024000000 mem.available_bytes=2560000000 mem.used_bytes=1536000000 mem.used_pct=37.5 mem.buffers_bytes=102400000 mem.cached_bytes=1228800000 mem.shmem_bytes=51200000 mem.dirty_bytes=1048576 mem.swap_total_bytes=1024000000 mem.swap_used_bytes=256000000 mem.swap_used_pct=25 mem.swap_in_bytes_per_s=40960 mem.swap_out_bytes_per_s=20480 mem.major_faults_per_s=3 mem.oom_kills_new=2`,
  `xid=${XID} net.eth0.rx_bytes_per_s=125000 net.eth0.tx_bytes_per_s=12500 net.eth0.rx_packets_per_s=100 net.eth0.tx_packets_per_s=50 net.eth0.rx_errors_per_s=0.01 net.eth0.tx_errors_per_s=0 net.eth0.rx_dropped_per_s=0.1 net.eth0.tx_dropped_per_s=0 net.eth0.util_pct=0.1 net.eth0.up=1 net.wlan0.rx_bytes_per_s=0 net.wlan0.tx_bytes_per_s=0 net.wlan0.rx_packets_per_s=0 net.wlan0.tx_packets_per_s=0 net.wlan0.rx_errors_per_s=0 net.wlan0.tx_errors_per_s=0 net.wlan0.rx_dropped_per_s=0 net.wlan0.tx_dropped_per_s=0 net.wlan0.up=0`,
  `xid=${XID} disk.sda.reads_per_s=10 disk.sda.writes_per_s=20 disk.sda.read_bytes_per_s=512000 disk.sda.write_bytes_per_s=1024000 disk.sda.await_ms=2 disk.sda.util_pct=10 disk.sda.queue=0.15`,
  `xid=${XID} fs.root.size_bytes=4096000000 fs.root.avail_bytes=1433600000 fs.root.used_pct=63.16 fs.root.inodes_used_pct=25 fs.root.ro=0 fs.var_log.size_bytes=204800000 fs.var_log.avail_bytes=194560000 fs.var_log.used_pct=0 fs.var_log.ro=1 fs.srv_my_data.size_bytes=10240000 fs.srv_my_data.avail_bytes=2048000 fs.srv_my_data.used_pct=80 fs.srv_my_data.inodes_used_pct=50 fs.srv_my_data.ro=0`,
  `xid=${XID} psi.cpu.some_pct=1 psi.cpu.full_pct=0 psi.memory.some_pct=0.2 psi.memory.full_pct=0.1 psi.io.some_pct=5 psi.io.full_pct=2`,
  `xid=${XID} temp.x86_pkg_temp_c=45 temp.acpitz_1_c=40.5 temp.acpitz_2_c=41 temp.nvme_Composite_c=38.85 temp.coretemp_Package_id_0_c=50 temp.coretemp_temp2_c=48`,
  // the fixture has no core files, pacct, kmsg or systemd: of the event modules only app (no reports) writes
  `xid=${XID} app.crashes_new=0`,
  // 600 s of uptime since the first sample, which started the count at 0; no crash
  `xid=${XID} health.operational_s=600 health.crashfree_s=600 health.crashes=0 health.crashes_new=0`,
];

describe('the basic fixture, t0 then t1', () => {
  it('takes a baseline only on the first run with --first-interval 0: gauges, no rates, no markers', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const { result, lines } = await sample(t0, tmp.dir);
    expect(result.exitCode).toBe(0);
    expect(lines[0]).toBe(`xid=${XID} run.v=1 run.version=0.1.0 run.first=1 run.duration_ms=7 run.errors=0`);
    const text = lines.join('\n');
    for (const derived of [
      '_per_s=',
      'cpu.busy_pct=',
      'psi.',
      'disk.',
      'oom_kills_new=',
      '.new=',
      '.reset=',
      'run.interval_s',
      'run.missed',
      'run.boot',
    ]) {
      expect(text).not.toContain(derived);
    }
    expect(lines).toContain(
      `xid=${XID} load.1m=0.4 load.5m=0.45 load.15m=0.38 load.running=2 load.blocked=0 load.threads=240`,
    );
  });

  it('writes every core key with the values worked out by hand', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    await sample(t0, tmp.dir);
    const { result, lines } = await sample(t1, tmp.dir);
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(EXPECTED_T1);
  });

  it('has rates on the very first run when first_interval waits between two reads', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    // the "wait" moves the sampled root from t0 to t1, as 600 s of a real machine would
    const { symlinkSync, renameSync } = await import('node:fs');
    const { join } = await import('node:path');
    const link = join(tmp.dir, 'root');
    symlinkSync(t0, link);
    const out = memoryOutput();
    await runSample({
      config: testConfig(tmp.dir, { firstInterval: 1 }),
      root: link,
      outputs: [out],
      version: '0.1.0',
      now: () => XID * 1000,
      elapsedMs: () => 7,
      warn: () => {},
      statfs: fakeStatfs(link, BASIC_STATFS),
      sleep: async () => {
        symlinkSync(t1, `${link}.next`);
        renameSync(`${link}.next`, link);
      },
    });
    const lines = linesOf(out.samples[0]!);
    expect(lines[0]).toBe(
      `xid=${XID} run.v=1 run.version=0.1.0 run.interval_s=600 run.first=1 run.duration_ms=7 run.errors=0`,
    );
    expect(lines.slice(1, -2)).toEqual(EXPECTED_T1.slice(1, -1));
    // the first run of a boot writes the inventory: of it, the basic fixture has only /proc/meminfo
    expect(lines[lines.length - 2]).toBe(`xid=${XID} inventory.why=boot inventory.mem_total_bytes=4096000000`);
    // the first sample ever starts the health count at 0
    expect(lines[lines.length - 1]).toBe(
      `xid=${XID} health.operational_s=0 health.crashfree_s=0 health.crashes=0 health.crashes_new=0`,
    );
  });
});
