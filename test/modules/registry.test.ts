import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../lib/config/schema';
import { check } from '../../lib/core/rule-check';
import { gpu } from '../../lib/modules/gpu/read';
import { mountCheck } from '../../lib/modules/mount_check/read';
import { netCheck } from '../../lib/modules/net_check/read';
import { sampleToProm } from '../../lib/format/prom';
import { describeKey, isSamplingKey, keyDocOf } from '../../lib/modules/keys';
import { EVENTS, MODULES, SAMPLING } from '../../lib/modules/registry';
import { Sources } from '../../lib/sources/read';
import { runSample } from '../../lib/sample/run';
import {
  BASIC_STATFS,
  fakeStatfs,
  fixtureRoot,
  memoryOutput,
  recorded,
  tempDir,
  testConfig,
  settingsFor,
} from '../helpers';

/** Each key must be an instance of a key its own module's entry documents (or of a mark any module writes). */
function expectDocumented(keys: readonly string[]): void {
  for (const key of keys) {
    const doc = keyDocOf(key);
    expect(doc, `${key} is documented in lib/modules/registry.ts`).toBeDefined();
    const owner = (doc as readonly string[])[0] as string;
    if (!owner.startsWith('<module>'))
      expect(owner.split('.')[0], `${key} is documented under its own module`).toBe(key.split('.')[0]);
  }
}

describe('the registry', () => {
  it('names each module once, and every sampling module and event module (but health) has code to load', async () => {
    expect(new Set(MODULES.map((m) => m.name)).size).toBe(MODULES.length);
    for (const entry of SAMPLING) {
      const module = await entry.load();
      expect(typeof module.read, entry.name).toBe('function');
      expect(module.derive, entry.name).toBeDefined();
    }
    for (const entry of EVENTS.filter((e) => e.name !== 'health'))
      expect(typeof (await (entry.load as () => Promise<{ collect: unknown }>)()).collect, entry.name).toBe('function');
  });

  it('documents each key with a known unit and kind, under its module', () => {
    for (const m of MODULES) {
      for (const [key, unit, kind] of m.docs().keys) {
        expect(key.split('.')[0], key).toBe(m.name);
        expect(unit, key).not.toBe('');
        expect(['gauge', 'rate', 'new', 'mark', 'text'], key).toContain(kind);
      }
    }
  });

  it('gives the config schema each module with its settings: a setting of the registry is accepted, a typo is refused', () => {
    expect(
      check(
        { modules: { cgroup: { depth: 3 }, cpu: { per_cpu: false, every: 6 }, kmsg: { patterns: { nfs: 'x' } } } },
        CONFIG_SCHEMA,
        '',
      ),
    ).toBeUndefined();
    expect(check({ modules: { cgroup: { dept: 3 } } }, CONFIG_SCHEMA, '')?.path).toBe('modules.cgroup.dept');
    // proc ranks processes: no raw counters to keep
    expect(check({ modules: { proc: { raw: true } } }, CONFIG_SCHEMA, '')?.path).toBe('modules.proc.raw');
    expect(check({ modules: { kmsg: { every: 2 } } }, CONFIG_SCHEMA, '')?.path).toBe('modules.kmsg.every');
  });

  it('finds the documented key of a written one, literal keys before patterns', () => {
    expect(keyDocOf('net.eth0.rx_bytes_per_s')?.[0]).toBe('net.<if>.rx_bytes_per_s');
    expect(keyDocOf('nfs.rpc.calls_per_s')?.[0]).toBe('nfs.rpc.calls_per_s');
    expect(keyDocOf('nfs.v4.open_per_s')?.[0]).toBe('nfs.<version>.<op>_per_s');
    expect(keyDocOf('temp.acpitz_0_c')?.[0]).toBe('temp.<sensor>_c');
    expect(keyDocOf('disk.sdb.reset')?.[0]).toBe('<module>.<subject>.reset');
    expect(keyDocOf('mem.nonsense_bytes')).toBeUndefined();
    expect(keyDocOf('nosuchmodule.x')).toBeUndefined();
  });

  it("tells a sampling module's key (what a load sensor can report) from any other", () => {
    expect(['cpu.busy_pct', 'psi.io.some_pct', 'net.eth0.rx_bytes_per_s', 'site.rack'].map(isSamplingKey)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['cpu.bussy_pct', 'health.crashes', 'run.v', 'disk.sda.reset', 'kmsg.oom_new'].map(isSamplingKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const values = (v: Record<string, string>): unknown => check({ loadsensor: { values: v } }, CONFIG_SCHEMA, '');
    expect(values({ cpu_busy: 'cpu.busy_pct', io_some: 'psi.io.some_pct' })).toBeUndefined();
    expect(values({ cpu_busy: 'cpu.bussy_pct' })).toMatchObject({ path: 'loadsensor.values.cpu_busy' });
  });

  it("gives Prometheus each metric's documentation as its HELP, a summary as the key it sums up", () => {
    const sample = {
      xid: 1,
      timeMs: 1000,
      host: 'h',
      modules: [
        {
          module: 'net',
          fields: [
            ['net.eth0.rx_bytes_per_s', 5],
            ['net.eth0.rx_bytes_per_s_max', 9],
          ] as Array<[string, number]>,
        },
      ],
    };
    const text = sampleToProm(sample, describeKey);
    expect(text).toContain(
      '# HELP flightlog_net_rx_bytes_per_s flightlog key net.<if>.rx_bytes_per_s, bytes/s, rate: /proc/net/dev receive "bytes"\n',
    );
    expect(text).toContain(
      '# HELP flightlog_net_rx_bytes_per_s_max flightlog key net.<if>.rx_bytes_per_s (its max over the multi-rate window), bytes/s, rate: /proc/net/dev receive "bytes"\n',
    );
  });
});

it('documents every key that a module writes on the basic fixture', async () => {
  const tmp = tempDir();
  try {
    const out = memoryOutput();
    for (const step of ['t0', 't1']) {
      const root = fixtureRoot('basic', step);
      await runSample({
        config: testConfig(tmp.dir),
        root,
        outputs: [out],
        version: '0',
        statfs: fakeStatfs(root, BASIC_STATFS),
        warn: () => {},
      });
    }
    const keys = out.samples[1]!.modules.flatMap((m) => m.fields.map(([k]) => k));
    expect(new Set(keys.map((k) => k.split('.')[0]))).toEqual(
      new Set(['run', 'host', 'cpu', 'load', 'mem', 'net', 'disk', 'fs', 'psi', 'temp', 'app', 'health']),
    );
    expectDocumented(keys);
  } finally {
    tmp.cleanup();
  }
});

it('documents every key of the hardware, board and cluster modules', async () => {
  const tmp = tempDir();
  try {
    const keys: string[] = [];
    const run = recorded({
      'nvidia-smi --query-gpu=index,uuid,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits':
        'nvidia-smi.txt',
      'ipmitool dcmi power reading': 'ipmitool-dcmi.txt',
      'sinfo --json': 'sinfo-23.json',
      'squeue --json': 'squeue-23.json',
    });
    const sampleOf = async (fixture: string, modules: string[], eventModules: string[], config = {}): Promise<void> => {
      const out = memoryOutput();
      for (const step of ['t0', 't1']) {
        await runSample({
          config: testConfig(join(tmp.dir, fixture), config),
          root: fixtureRoot(fixture, step),
          outputs: [out],
          version: '0',
          warn: () => {},
          modules,
          eventModules,
          run,
        });
      }
      for (const s of out.samples)
        keys.push(
          ...s.modules.filter((m) => !['run', 'health'].includes(m.module)).flatMap((m) => m.fields.map(([k]) => k)),
        );
    };
    await sampleOf('hardware', ['cpufreq', 'power', 'gpu', 'flash', 'nfs', 'sched'], [], {
      modules: { power: { ipmi: true } },
    });
    await sampleOf('pi', [], ['pi', 'inventory']);
    const nvidia = await gpu.read(new Sources(fixtureRoot('hardware-nvidia'), undefined, run), settingsFor('gpu'));
    keys.push(...nvidia.flatMap((r) => Object.keys(r.gauges).map((g) => `gpu.${r.subject}.${g}`)));
    const checks = [
      ...(await netCheck.read(
        new Sources('/', undefined, recorded({ 'ping -n -q -c 3 -i 0.2 -W 2 -w 3 -- gw': 'ping-iputils.txt' })),
        settingsFor('net_check', { ping: ['gw'], tcp: ['127.0.0.1:1'] }),
      )),
    ];
    keys.push(...checks.flatMap((r) => Object.keys(r.gauges).map((g) => `net_check.${r.subject}.${g}`)));
    const mounts = await mountCheck.read(new Sources('/'), settingsFor('mount_check', { mounts: ['/'] }));
    keys.push(...mounts.flatMap((r) => Object.keys(r.gauges).map((g) => `mount_check.${r.subject}.${g}`)));
    expect(new Set(keys.map((k) => k.split('.')[0]))).toEqual(
      new Set(['cpufreq', 'power', 'flash', 'nfs', 'sched', 'pi', 'inventory', 'gpu', 'net_check', 'mount_check']),
    );
    expectDocumented(keys);
  } finally {
    tmp.cleanup();
  }
});
