import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { inventory } from '../../lib/events/inventory';
import { pi } from '../../lib/events/pi';
import type { EventModule } from '../../lib/events/types';
import { gpu } from '../../lib/modules/gpu';
import { CORE_MODULES, HARDWARE_MODULES } from '../../lib/modules/index';
import { mountCheck } from '../../lib/modules/mount-check';
import { netCheck } from '../../lib/modules/net-check';
import { sched } from '../../lib/modules/sched';
import type { Module } from '../../lib/modules/types';
import { Sources } from '../../lib/sources/read';
import { runSample } from '../../lib/sample/run';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, memoryOutput, recorded, tempDir, testConfig } from '../helpers';

/** Where each module is defined, and the declaration its doc block stands above: the module's spec. */
const DEFINED: Record<string, [file: string, declaration: string]> = {
  health: ['events/health.ts', 'export function updateHealth'],
  app: ['events/queue.ts', 'export const appEvents'],
  pi: ['events/pi.ts', 'export const pi: EventModule'],
  inventory: ['events/inventory.ts', 'export const inventory: EventModule'],
  net_check: ['modules/net-check.ts', 'export const netCheck: Module'],
  mount_check: ['modules/mount-check.ts', 'export const mountCheck: Module'],
};

/** Each key's last word must be in its module's doc block (pi's `<flag>_since_boot` are documented as a family). */
function expectDocumented(keys: readonly string[]): void {
  for (const key of keys) {
    const [module, ...rest] = key.split('.');
    const doc = docBlock(module!);
    // module.field, or module.subject.field; temp's keys are named after their sensors: temp.<sensor>_c
    const field = module === 'temp' ? '_c' : rest[rest.length - 1]!.replace(/_since_boot$/, '');
    expect(doc, `${key} is documented in lib/${(DEFINED[module!] ?? [`modules/${module}.ts`])[0]}`).toContain(field);
  }
}

function docBlock(name: string): string {
  const [file, declaration] = DEFINED[name] ?? [`modules/${name}.ts`, `export const ${name}: Module`];
  const source = readFileSync(join(__dirname, '..', '..', 'lib', file), 'utf8');
  const at = source.indexOf(declaration);
  const start = source.lastIndexOf('/**', at);
  expect(start, `lib/${file} has a doc block`).toBeGreaterThanOrEqual(0);
  return source.slice(start, at);
}

it('documents every key that a module writes on the basic fixture in its doc block', async () => {
  const tmp = tempDir();
  try {
    const out = memoryOutput();
    for (const step of ['t0', 't1']) {
      const root = fixtureRoot('basic', step);
      await runSample({ config: testConfig(tmp.dir), root, outputs: [out], version: '0', statfs: fakeStatfs(root, BASIC_STATFS), warn: () => {} });
    }
    const keys = out.samples[1]!.modules.filter((m) => m.module !== 'run').flatMap((m) => m.fields.map(([k]) => k));
    expect(new Set(keys.map((k) => k.split('.')[0]))).toEqual(new Set([...CORE_MODULES.map((m) => m.name), 'app', 'health']));
    expectDocumented(keys);
  } finally {
    tmp.cleanup();
  }
});

it('documents every key of the hardware, board and cluster modules in their doc blocks', async () => {
  const tmp = tempDir();
  try {
    const keys: string[] = [];
    const run = recorded({
      'nvidia-smi --query-gpu=index,uuid,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits': 'nvidia-smi.txt',
      'ipmitool dcmi power reading': 'ipmitool-dcmi.txt', 'sinfo --json': 'sinfo-23.json', 'squeue --json': 'squeue-23.json',
    });
    const sampleOf = async (fixture: string, modules: Module[], eventModules: EventModule[], config = {}): Promise<void> => {
      const out = memoryOutput();
      for (const step of ['t0', 't1']) {
        await runSample({ config: testConfig(join(tmp.dir, fixture), config), root: fixtureRoot(fixture, step), outputs: [out], version: '0', warn: () => {}, modules, eventModules, run });
      }
      for (const s of out.samples) keys.push(...s.modules.filter((m) => !['run', 'health'].includes(m.module)).flatMap((m) => m.fields.map(([k]) => k)), ...(s.events ?? []).flatMap((e) => e.fields.map(([k]) => `${e.module}.${k}`)));
    };
    await sampleOf('hardware', [...HARDWARE_MODULES, sched], [], { modules: { power: { ipmi: true } } });
    await sampleOf('pi', [], [pi, inventory]);
    const nvidia = await gpu.read(new Sources(fixtureRoot('hardware-nvidia'), undefined, run), {});
    keys.push(...nvidia.flatMap((r) => Object.keys(r.gauges).map((g) => `gpu.${r.subject}.${g}`)));
    const checks = [...await netCheck.read(new Sources('/', undefined, recorded({ 'ping -n -q -c 3 -i 0.2 -W 2 -w 3 -- gw': 'ping-iputils.txt' })), { ping: ['gw'], tcp: ['127.0.0.1:1'] })];
    keys.push(...checks.flatMap((r) => Object.keys(r.gauges).map((g) => `net_check.${r.subject}.${g}`)));
    const mounts = await mountCheck.read(new Sources('/'), { mounts: ['/'] });
    keys.push(...mounts.flatMap((r) => Object.keys(r.gauges).map((g) => `mount_check.${r.subject}.${g}`)));
    expect(new Set(keys.map((k) => k.split('.')[0]))).toEqual(new Set(['cpufreq', 'power', 'flash', 'nfs', 'sched', 'pi', 'inventory', 'gpu', 'net_check', 'mount_check']));
    expectDocumented(keys.filter((k) => !k.endsWith('.event')));
  } finally {
    tmp.cleanup();
  }
});
