import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CORE_MODULES } from '../../lib/modules/index';
import { runSample } from '../../lib/sample/run';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, memoryOutput, tempDir, testConfig } from '../helpers';

/** Where each module is defined, and the declaration its doc block stands above: the module's spec. */
const DEFINED: Record<string, [file: string, declaration: string]> = {
  health: ['events/health.ts', 'export function updateHealth'],
  app: ['events/queue.ts', 'export const appEvents'],
};

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
    for (const key of keys) {
      const [module, ...rest] = key.split('.');
      const doc = docBlock(module!);
      // module.field, or module.subject.field; temp's keys are named after their sensors: temp.<sensor>_c
      const field = module === 'temp' ? '_c' : rest[rest.length - 1]!;
      expect(doc, `${key} is documented in lib/modules/${module}.ts`).toContain(field);
    }
  } finally {
    tmp.cleanup();
  }
});
