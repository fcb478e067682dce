import { afterEach, describe, expect, it } from 'vitest';
import { cpufreq } from '../../lib/modules/cpufreq/read';
import { flash } from '../../lib/modules/flash/read';
import { gpu } from '../../lib/modules/gpu/read';
import { nfs } from '../../lib/modules/nfs/read';
import { power } from '../../lib/modules/power/read';
import { sched } from '../../lib/modules/sched/read';
import { expandHostlist } from '../../lib/sources/scheduler';
import { runSample } from '../../lib/sample/run';
import { SourceMissing } from '../../lib/core/errors';
import type { CommandRunner } from '../../lib/sources/command';
import { Sources } from '../../lib/sources/read';
import { fixtureRoot, linesOf, memoryOutput, recorded, tempDir, testConfig, settingsFor } from '../helpers';

const XID = 1_763_886_000;

let cleanup = (): void => {};
afterEach(() => cleanup());

/*
 * The hardware fixture, t0 → t1: 600 s of /proc/uptime.
 * cpufreq cpu0: scaling_cur_freq 2400000 kHz → 2.4 GHz, min 0.8, max 3.5 GHz; core_throttle_total_time_ms
 *   Δ30000 ms of 600000 ms → 5 %; core_throttle_count Δ3. cpu1 is offline (no cpufreq). cpu2 has only
 *   cpuinfo_cur_freq 1800000 kHz.
 * power: package-0 energy_uj wraps at 262143328850: (46656671150 + 262143328850 − 262100000000) µJ
 *   = 46700 J / 600 s = 77.833 W; its core subdomain Δ30000 J → 50 W; ina219 power1_input 2500000 µW
 *   → 2.5 W; BAT0 power_now 12.5 W, 87 %, discharging; BAT1 1.5 A × 12 V = 18 W, 40 %, charging; AC offline.
 * flash mmcblk0: life_time "0x02 0x01" → 20 % and 10 %; pre_eol 0x01; ext4 written (1000 + 2048576) kB
 *   × 1024 = 2098765824 bytes (sda1's ext4 is not the eMMC's; mmcblk0boot0 is not a device of its own).
 * nfs: rpc calls Δ6000 → 10/s, retrans Δ30 → 0.05/s, authrefresh Δ6000 → 10/s; v3 getattr Δ600 → 1,
 *   lookup Δ300 → 0.5, access Δ60 → 0.1, read Δ1200 → 2, write Δ1800 → 3, commit Δ60 → 0.1, all Δ4020 → 6.7;
 *   v4 read Δ600 → 1, write Δ310 → 0.5167, all Δ910 → 1.5167.
 */
const EXPECTED = [
  'cpufreq.0.cur_hz=2400000000 cpufreq.0.min_hz=800000000 cpufreq.0.max_hz=3500000000 cpufreq.0.throttled_pct=5 cpufreq.0.throttles_new=3 cpufreq.2.cur_hz=1800000000',
  'power.rapl_package-0.power_w=77.83 power.rapl_package-0_core.power_w=50 power.ina219_power1.power_w=2.5 power.AC.online=0 power.BAT0.power_w=12.5 power.BAT0.capacity_pct=87 power.BAT0.discharging=1 power.BAT1.power_w=18 power.BAT1.capacity_pct=40 power.BAT1.discharging=0',
  'flash.mmcblk0.life_used_a_pct=20 flash.mmcblk0.life_used_b_pct=10 flash.mmcblk0.pre_eol=1 flash.mmcblk0.written_bytes=2098765824',
  'nfs.rpc.calls_per_s=10 nfs.rpc.retrans_per_s=0.05 nfs.rpc.authrefresh_per_s=10 nfs.v3.calls_per_s=6.7 nfs.v3.getattr_per_s=1 nfs.v3.lookup_per_s=0.5 nfs.v3.access_per_s=0.1 nfs.v3.read_per_s=2 nfs.v3.write_per_s=3 nfs.v3.commit_per_s=0.1 nfs.v4.calls_per_s=1.52 nfs.v4.getattr_per_s=0 nfs.v4.lookup_per_s=0 nfs.v4.access_per_s=0 nfs.v4.read_per_s=1 nfs.v4.write_per_s=0.52 nfs.v4.commit_per_s=0 nfs.v4.open_per_s=0 nfs.v4.close_per_s=0',
].map((l) => `xid=${XID} ${l}`);

async function sampleHardware(dir: string, step: string, run: CommandRunner = recorded({})) {
  const out = memoryOutput();
  await runSample({
    config: testConfig(dir),
    root: fixtureRoot('hardware', step),
    outputs: [out],
    version: '0',
    now: () => XID * 1000,
    elapsedMs: () => 1,
    warn: () => {},
    modules: ['cpufreq', 'power', 'flash', 'nfs'],
    eventModules: [],
    run,
  });
  // without run (first) and health (last)
  return linesOf(out.samples[0]!).slice(1, -1);
}

describe('the hardware fixture, t0 then t1', () => {
  it('writes every hardware key with the values worked out by hand', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    await sampleHardware(tmp.dir, 't0');
    expect(await sampleHardware(tmp.dir, 't1')).toEqual(EXPECTED);
  });

  it('writes the gauges alone on a baseline-only first run', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const lines = await sampleHardware(tmp.dir, 't0');
    expect(lines[0]).toBe(
      `xid=${XID} cpufreq.0.cur_hz=2400000000 cpufreq.0.min_hz=800000000 cpufreq.0.max_hz=3500000000 cpufreq.2.cur_hz=1800000000`,
    );
    expect(lines.join('\n')).not.toMatch(/_per_s|throttled_pct|rapl/);
  });

  it('takes a RAPL counter that steps back past a known range for a reset, not a wrap', async () => {
    const src = new Sources(fixtureRoot('hardware', 't1'));
    const readings = await power.read(src, settingsFor('power'));
    const pkg = readings.find((r) => r.subject === 'rapl_package-0')!;
    const { derivePower } = await import('../../lib/modules/power/derive');
    const pair = (before: bigint) => ({
      prev: { counters: { energy_uj: before } },
      curr: pkg,
      elapsedS: 600,
      kernelBits: 64 as const,
    });
    expect(derivePower(pkg, pair(262_100_000_000n)).fields).toEqual([['power_w', 46_700 / 600]]);
    expect(derivePower(pkg, pair(300_000_000_000n))).toEqual({ fields: [], reset: true });
  });
});

describe('modules that run helper commands, on recorded outputs', () => {
  const nvidiaRoot = fixtureRoot('hardware-nvidia');

  it('gpu: one subject per GPU, MiB in bytes, [N/A] left out', async () => {
    const run = recorded({
      'nvidia-smi --query-gpu=index,uuid,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits':
        'nvidia-smi.txt',
    });
    const readings = await gpu.read(new Sources(nvidiaRoot, undefined, run), {});
    expect(readings.map((r) => [r.subject, r.gauges])).toEqual([
      [
        '0',
        {
          util_pct: 87,
          mem_util_pct: 41,
          mem_used_bytes: 31_994_150_912,
          mem_total_bytes: 85_520_809_984,
          temp_c: 64,
          power_w: 312.45,
        },
      ],
      ['1', { util_pct: 0, mem_util_pct: 0, mem_used_bytes: 4_194_304, mem_total_bytes: 85_520_809_984, temp_c: 33 }],
    ]);
  });

  it('gpu: never runs nvidia-smi where no NVIDIA driver is loaded', async () => {
    const run = recorded({});
    await expect(gpu.read(new Sources(fixtureRoot('hardware', 't1'), undefined, run), {})).rejects.toBeInstanceOf(
      SourceMissing,
    );
    expect(run.calls).toEqual([]);
  });

  it('gpu: a failing nvidia-smi is an error with its own words', async () => {
    const run: CommandRunner = async () => ({
      stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
      exitCode: 9,
    });
    await expect(gpu.read(new Sources(nvidiaRoot, undefined, run), {})).rejects.toThrow(
      /exited with 9: NVIDIA-SMI has failed/,
    );
  });

  it('power: the BMC reading with ipmi: true, and nothing asked of it without', async () => {
    const run = recorded({ 'ipmitool dcmi power reading': 'ipmitool-dcmi.txt' });
    const src = new Sources(fixtureRoot('hardware', 't1'), undefined, run);
    expect((await power.read(src, settingsFor('power', { ipmi: true }))).at(-1)).toEqual({
      subject: 'ipmi',
      gauges: { power_w: 215 },
      counters: {},
    });
    run.calls.length = 0;
    expect((await power.read(src, settingsFor('power'))).some((r) => r.subject === 'ipmi')).toBe(false);
    expect(run.calls).toEqual([]);
  });

  it.each([
    [
      'Grid Engine',
      'node01',
      { 'qstat -f -u * -xml': 'qstat-f.xml' },
      { system: 'gridengine', node_state: 'd' },
      { nodes: 3, nodes_down: 2, jobs_running: 2, jobs_pending: 2 },
    ],
    [
      'Slurm 22',
      'node02',
      { 'sinfo --json': 'sinfo-22.json', 'squeue --json': 'squeue-22.json' },
      { system: 'slurm', node_state: 'idle+drain' },
      { nodes: 4, nodes_down: 2, jobs_running: 2, jobs_pending: 1 },
    ],
    [
      'Slurm 23',
      'node04',
      { 'sinfo --json': 'sinfo-23.json', 'squeue --json': 'squeue-23.json' },
      { system: 'slurm', node_state: 'allocated' },
      { nodes: 5, nodes_down: 2, jobs_running: 3, jobs_pending: 2 },
    ],
  ])('sched: %s, seen from %s', async (_name, host, table, labels, gauges) => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    mkdirSync(`${tmp.dir}/proc/sys/kernel`, { recursive: true });
    writeFileSync(`${tmp.dir}/proc/sys/kernel/hostname`, `${host}.cluster\n`);
    const [reading] = await sched.read(new Sources(tmp.dir, undefined, recorded(table)), {});
    expect(reading).toEqual({ gauges, counters: {}, labels });
  });

  it.each([
    ['node[01-03,07],gpu1', ['node01', 'node02', 'node03', 'node07', 'gpu1']],
    ['n[8-10]x', ['n8x', 'n9x', 'n10x']],
    ['single', ['single']],
  ])('sched: expands the Slurm hostlist %s', (list, names) => expect(expandHostlist(list)).toEqual(names));

  it('sched: writes nothing without a scheduler', async () => {
    await expect(
      sched.read(new Sources(fixtureRoot('hardware', 't1'), undefined, recorded({})), {}),
    ).rejects.toBeInstanceOf(SourceMissing);
  });
});

describe('cpufreq', () => {
  it("opens only the files of the parts a CPU has: nothing of cpu1's (offline, neither), no throttle file of cpu2's", async () => {
    const asked: string[] = [];
    const src = new (class extends Sources {
      override async attribute(rel: string): Promise<string | undefined> {
        asked.push(rel);
        return super.attribute(rel);
      }
    })(fixtureRoot('hardware', 't1'));
    await cpufreq.read(src, {});
    expect(asked.filter((rel) => /cpu1\/|cpu2\/thermal/.test(rel))).toEqual([]);
    expect(asked.filter((rel) => rel.includes('cpu0/'))).toHaveLength(6);
  });
});

describe('absent hardware', () => {
  it.each([
    ['cpufreq', cpufreq],
    ['flash', flash],
    ['nfs', nfs],
    ['power', power],
  ] as const)('%s writes nothing on a machine without it', async (name, module) => {
    await expect(module.read(new Sources(fixtureRoot('basic', 't1')), settingsFor(name))).rejects.toBeInstanceOf(
      SourceMissing,
    );
  });
});
