import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CORE_MODULES } from '../../lib/modules/index';
import { runSample } from '../../lib/sample/run';
import { BASIC_STATFS, fakeStatfs, fixtureRoot, memoryOutput, tempDir, testConfig } from '../helpers';

/** The doc block above `export const <name>` in lib/modules/<name>.ts: the module's spec. */
function docBlock(name: string): string {
  const source = readFileSync(join(__dirname, '..', '..', 'lib', 'modules', `${name}.ts`), 'utf8');
  const at = source.indexOf(`export const ${name}: Module`);
  const start = source.lastIndexOf('/**', at);
  expect(start, `lib/modules/${name}.ts has a doc block`).toBeGreaterThanOrEqual(0);
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
    expect(new Set(keys.map((k) => k.split('.')[0]))).toEqual(new Set(CORE_MODULES.map((m) => m.name)));
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
